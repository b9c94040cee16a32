@testable import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Testing

/// Token ids and accessors begin with the time they were issued, so their storage keys sort in
/// issue order; ids of the older shape keep resolving under their plain HMAC.
@Suite struct TimeOrderedKeyTests {
    @Test("stamps have a fixed width and compare as the times they stand for")
    func stampsSort() {
        let times: [UInt64] = [0, 1, 61, 62, 3_843, 3_844, 999_999_999, 1_795_000_000_000, 1_795_000_000_001, 218_340_105_584_895]
        let stamps = times.map { TimeOrderedKey.stamp(milliseconds: $0) }
        #expect(stamps.allSatisfy { $0.utf8.count == TimeOrderedKey.width })
        #expect(stamps == stamps.sorted(), "\(stamps)")
        #expect(Set(stamps).count == stamps.count)
        #expect(TimeOrderedKey.stamp(milliseconds: 0) == "00000000")
        #expect(TimeOrderedKey.stamp(seconds: -5) == "00000000")
    }

    @Test("only a body of the stamped shape yields its stamp")
    func stampOfBody() {
        let body = "0Abz9xYq" + String(repeating: "k", count: 33)
        #expect(TimeOrderedKey.stamp(of: Substring(body), randomLength: 33) == "0Abz9xYq")
        #expect(TimeOrderedKey.stamp(of: Substring(body.dropLast()), randomLength: 33) == "", "too short")
        #expect(TimeOrderedKey.stamp(of: Substring(body + "k"), randomLength: 33) == "", "too long")
        let odd = "0Abz9-Yq" + String(repeating: "k", count: 33)
        #expect(TimeOrderedKey.stamp(of: Substring(odd), randomLength: 33) == "", "not base62")
    }

    func template(_ core: Core) -> TokenEntry {
        TokenEntry(accessor: "", policies: ["default"], path: "auth/token/create", displayName: "token", creationTime: core.tokens.now)
    }

    @Test("tokens issued later have later storage keys, for the entry, the accessor and the lease")
    func keysFollowIssueOrder() async throws {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock)
        _ = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true)
        var issued: [(id: String, entry: TokenEntry)] = []
        for _ in 0..<5 {
            var t = template(core)
            t.ttl = 3600
            issued.append(try await core.tokens.store(t))
            clock.advance(seconds: 0.002)
        }
        let ids = issued.map(\.entry.idHash)
        #expect(ids == ids.sorted())
        let accessorKeys = try issued.map { try core.tokens.accessorKey($0.entry.accessor) }
        #expect(accessorKeys == accessorKeys.sorted())
        let leaseKeys = issued.map { ExpirationManager.tokenLeaseID($0.entry) }
        #expect(leaseKeys == leaseKeys.sorted())
        for (id, entry) in issued {
            #expect(id.count == 2 + TimeOrderedKey.width + TokenStore.randomLength)
            #expect(entry.accessor.count == TimeOrderedKey.width + TokenStore.accessorRandomLength)
            #expect(try await core.tokens.lookup(id)?.idHash == entry.idHash)
            #expect(try await core.tokens.lookup(accessor: entry.accessor)?.idHash == entry.idHash)
        }
        // The HMAC after the stamp still hides the id: the key holds no part of its random characters.
        #expect(!issued[0].entry.idHash.contains(issued[0].id.suffix(TokenStore.randomLength)))
    }

    @Test("a token of the older shape (no stamp) resolves by id and accessor, and revoking it leaves nothing behind")
    func olderShape() async throws {
        let (core, _, _) = try await TestCore.unsealed(physical: InMemoryBackend())
        let oldID = "s." + String(repeating: "a", count: TokenStore.randomLength)
        var t = template(core)
        t.accessor = String(repeating: "b", count: TokenStore.accessorRandomLength)
        let (id, entry) = try await core.tokens.store(t, id: oldID)
        #expect(id == oldID)
        let plainID = try core.tokens.hash(oldID), plainAccessor = try core.tokens.hash(entry.accessor)
        #expect(entry.idHash == plainID, "no stamp: the plain HMAC, as stores written before had it")
        #expect(try core.tokens.accessorKey(entry.accessor) == plainAccessor)
        #expect(try await core.tokens.lookup(oldID)?.accessor == entry.accessor)
        #expect(try await core.tokens.lookup(accessor: entry.accessor)?.idHash == entry.idHash)

        let fresh = try await core.tokens.store(template(core))
        try await core.tokens.revoke(hash: entry.idHash)
        try await core.tokens.revoke(hash: fresh.entry.idHash)
        #expect(try await core.tokens.lookup(accessor: fresh.entry.accessor) == nil)
        let left = try await core.barrier.list(prefix: "sys/token/accessor/")
        let freshAccessor = try core.tokens.hash(fresh.entry.accessor)
        #expect(!left.contains { $0.hasSuffix(plainAccessor) || $0.hasSuffix(freshAccessor) })
    }
}
