@testable import ArcaAuthAppRole
import ArcaSDK
import ArcaWire
import Testing

@Suite struct TidyTests {
    @Test("tidy removes expired secret ids, dangling accessors and accessor-less secret ids; keeps the rest")
    func tidy() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["secret_id_ttl": "1h"])
        let roleID = try await h.roleID("r")
        let (short, _) = try await h.secretID("r", ["ttl": "10m"])
        let (long, longAccessor) = try await h.secretID("r")
        let (orphan, _) = try await h.secretID("r")
        let (_, dangling) = try await h.secretID("r")

        // Break two entries by hand: drop one secret id's accessor entry, and another's secret entry.
        let store = AppRoleStore(storage: h.storage, salt: try await h.backend.salts.salt(in: h.storage))
        try await h.storage.delete(AppRoleStore.accessorPrefix + store.hmac(try #require(
            try await store.secretID(role: "r", hmac: store.hmac(orphan))).accessor))
        let danglingIndex = try #require(try await store.accessor(dangling))
        try await h.storage.delete(store.secretIDKey(role: "r", hmac: danglingIndex.secretIDHMAC))

        h.clock.advance(11 * 60)
        let response = try await h.call(.update, "tidy/secret-id")
        #expect(response?.status == 202 && response?.warnings.first?.hasPrefix("Tidy operation successfully started") == true)

        #expect(try await h.call(.list, "role/r/secret-id/")?.data?["keys"] == .strings([longAccessor]))
        #expect(try await store.accessorHashes() == [store.hmac(longAccessor)])
        #expect(try await h.call(.update, "role/r/secret-id/lookup", ["secret_id": .string(short)]) == nil)
        _ = try await h.login(roleID, long)
    }

    @Test("the tidy pass reports what it removed, and a second pass finds nothing")
    func report() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["secret_id_ttl": "1m"])
        for _ in 0..<3 { _ = try await h.secretID("r") }
        h.clock.advance(61)
        #expect(try await h.backend.tidy(h.storage) == .init(expiredSecretIDs: 3, danglingAccessors: 0, orphanedSecretIDs: 0))
        #expect(try await h.backend.tidy(h.storage) == .init())
        #expect(h.storage.keys.filter { $0.hasPrefix("secret_id/") || $0.hasPrefix("accessor/") }.isEmpty)
    }

    @Test("a tidy already running: the request says so instead of queueing")
    func busy() async throws {
        let h = Harness()
        #expect(await h.backend.locks.tryLock(AppRoleBackend.tidyLock))
        let response = try await h.call(.update, "tidy/secret-id")
        #expect(response?.warnings == ["Tidy operation already in progress."])
        await h.backend.locks.release(AppRoleBackend.tidyLock)
        #expect(try await h.call(.update, "tidy/secret-id")?.warnings.first?.hasPrefix("Tidy operation successfully") == true)
    }
}

@Suite struct PeriodicTidyTests {
    @Test("the periodic call tidies at most once a minute")
    func schedule() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["secret_id_ttl": "1m"])
        let request = LogicalRequest(operation: .rollback, path: "", storage: h.storage)
        _ = try await h.secretID("r")
        h.clock.advance(61)
        try await h.backend.periodicTidy(request)  // the first call runs: the expired secret id goes
        #expect(try await h.call(.list, "role/r/secret-id/") == nil)
        _ = try await h.secretID("r", ["ttl": "10s"])
        h.clock.advance(20)
        try await h.backend.periodicTidy(request)  // 20 s after the last pass: skipped
        #expect(try await h.call(.list, "role/r/secret-id/")?.data?["keys"]?.arrayValue?.count == 1)
        h.clock.advance(41)
        try await h.backend.periodicTidy(request)  // 61 s after: runs
        #expect(try await h.call(.list, "role/r/secret-id/") == nil)
    }
}
