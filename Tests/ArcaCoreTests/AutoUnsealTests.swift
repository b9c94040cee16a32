import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Testing

/// Auto-unseal seals, recovery keys and seal migration, with a test seal standing in for a KMS.
@Suite struct AutoUnsealTests {
    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], token: String)
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(
            operation: op, path: path, data: data, token: token, requestID: "req", remoteAddress: nil, wrapTTL: 0)
    }

    /// Mounts KV at secret/ and writes one entry, so a later test can prove the data survived.
    func writeSecret(_ core: Core, token: String) async throws {
        _ = try await call(core, .update, "sys/mounts/secret", ["type": "kv"], token: token)
        _ = try await call(core, .update, "secret/app", ["password": "hunter2"], token: token)
    }

    func readSecret(_ core: Core, token: String) async throws -> String? {
        try await call(core, .read, "secret/app", token: token)?.data?["password"]?.stringValue
    }

    @Test("init with an auto seal gives recovery keys, no unseal keys, and leaves the server unsealed")
    func initGivesRecoveryKeys() async throws {
        let seal = TestAutoSeal()
        let (core, _) = TestCore.make(seal: seal)
        let before = try await core.sealManager.state()
        #expect(before.type == "testkms" && before.recoverySeal && !before.initialized)
        let result = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 3, recoveryThreshold: 2)
        #expect(result.shares.isEmpty && result.recoveryShares.count == 3)
        let state = try await core.sealManager.state()
        #expect(!state.sealed && state.shares == 3 && state.threshold == 2 && state.recoverySeal && !state.migration)
        let status = try await core.sealStatus()
        #expect(status.json["recovery_seal_type"]?.stringValue == "shamir")
        #expect(status.json["seal_error"] == nil)
    }

    @Test("share parameters are checked against the seal type, with OpenBao's messages")
    func parametersBySealType() async throws {
        let (auto, _) = TestCore.make(seal: TestAutoSeal())
        await #expect(throws: SealError.invalidRequest("parameters secret_shares,secret_threshold not applicable to seal type testkms")) {
            try await auto.sealManager.initialize(shares: 3, threshold: 2, recoveryShares: 3, recoveryThreshold: 2)
        }
        await #expect(throws: SealError.self) {
            try await auto.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 2, recoveryThreshold: 3)
        }
        let (shamir, _) = TestCore.make()
        await #expect(throws: SealError.invalidRequest("parameters recovery_shares,recovery_threshold not applicable to seal type shamir")) {
            try await shamir.sealManager.initialize(shares: 3, threshold: 2, recoveryShares: 3, recoveryThreshold: 2)
        }
        #expect(try await auto.sealManager.isInitialized() == false)
        #expect(try await shamir.sealManager.isInitialized() == false)
    }

    @Test("a restart unseals through the seal with no keys, and the data is readable")
    func restartUnsealsItself() async throws {
        let seal = TestAutoSeal()
        let physical = InMemoryBackend()
        let (core, _) = TestCore.make(physical: physical, seal: seal)
        let result = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 1, recoveryThreshold: 1)
        try await writeSecret(core, token: result.rootToken)
        await core.sealManager.sealNow()

        let (again, _) = TestCore.make(physical: physical, seal: seal)
        #expect(again.isSealed)
        #expect(await again.sealManager.attemptAutoUnseal() == .unsealed)
        #expect(!again.isSealed)
        #expect(try await readSecret(again, token: result.rootToken) == "hunter2")
    }

    @Test("while the seal is unreachable the server stays sealed and says why; it unseals once the seal answers")
    func unreachableSeal() async throws {
        let seal = TestAutoSeal()
        let physical = InMemoryBackend()
        let (core, _) = TestCore.make(physical: physical, seal: seal)
        let result = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 1, recoveryThreshold: 1)
        try await writeSecret(core, token: result.rootToken)
        await core.sealManager.sealNow()

        seal.setReachable(false)
        let (again, _) = TestCore.make(physical: physical, seal: seal)
        guard case .failed(let reason) = await again.sealManager.attemptAutoUnseal() else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("connection refused"))
        let status = try await again.sealStatus()
        #expect(status.sealed && status.initialized)
        #expect(status.sealError?.contains("auto-unseal through the testkms seal failed") == true)
        #expect(status.sealError?.contains("connection refused") == true)

        seal.setReachable(true)
        #expect(await again.sealManager.attemptAutoUnseal() == .unsealed)
        let after = try await again.sealStatus()
        #expect(!after.sealed && after.sealError == nil)
        #expect(try await readSecret(again, token: result.rootToken) == "hunter2")
    }

    @Test("the auto-unseal service retries with backoff until the seal answers")
    func serviceRetries() async throws {
        let seal = TestAutoSeal()
        let physical = InMemoryBackend()
        let (core, _) = TestCore.make(physical: physical, seal: seal)
        _ = try await core.sealManager.initialize(shares: 0, threshold: 0)
        await core.sealManager.sealNow()
        seal.setReachable(false)
        let (again, _) = TestCore.make(physical: physical, seal: seal)
        let service = AutoUnsealService(manager: again.sealManager, firstDelay: .milliseconds(20), maxDelay: .milliseconds(40))
        let task = Task { try await service.run() }
        while seal.callCount < 3 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(again.isSealed)
        seal.setReachable(true)
        try await task.value
        #expect(!again.isSealed)
    }

    @Test("after a manual seal, recovery keys unseal; wrong ones do not")
    func recoveryKeysUnsealAfterManualSeal() async throws {
        let seal = TestAutoSeal()
        let (core, _) = TestCore.make(seal: seal)
        let result = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 3, recoveryThreshold: 2)
        await core.sealManager.sealNow()
        let (other, _) = TestCore.make(seal: TestAutoSeal())
        let foreign = try await other.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 3, recoveryThreshold: 2)

        _ = try await core.sealManager.submitUnsealKey(Base64.encode(foreign.recoveryShares[0]))
        await #expect(throws: SealError.wrongShares("recovery key verification failed")) {
            try await core.sealManager.submitUnsealKey(Base64.encode(foreign.recoveryShares[1]))
        }
        #expect(core.isSealed)
        var state = try await core.sealManager.submitUnsealKey(Base64.encode(result.recoveryShares[2]))
        #expect(state.sealed && state.progress == 1)
        state = try await core.sealManager.submitUnsealKey(Base64.encode(result.recoveryShares[0]))
        #expect(!state.sealed)
    }

    @Test("without recovery keys only the seal can unseal, and rekey of unseal keys is refused")
    func noRecoveryKeys() async throws {
        let (core, _) = TestCore.make(seal: TestAutoSeal())
        let result = try await core.sealManager.initialize(shares: 0, threshold: 0)
        #expect(result.recoveryShares.isEmpty)
        await #expect(throws: SealError.self) { try await core.sealManager.startRekey(shares: 1, threshold: 1) }
        await core.sealManager.sealNow()
        await #expect(throws: SealError.self) {
            try await core.sealManager.submitUnsealKey(Base64.encode([UInt8](repeating: 1, count: 33)))
        }
    }

    @Test("Shamir to auto-unseal migration: needs migrate, keeps the data, old unseal keys become recovery keys")
    func shamirToAuto() async throws {
        let physical = InMemoryBackend()
        let (shamir, _) = TestCore.make(physical: physical)
        let initial = try await shamir.sealManager.initialize(shares: 3, threshold: 2, unsealAfter: true)
        try await writeSecret(shamir, token: initial.rootToken)
        await shamir.sealManager.sealNow()

        let seal = TestAutoSeal()
        let (migrating, _) = TestCore.make(physical: physical, seal: seal)
        #expect(await migrating.sealManager.attemptAutoUnseal() == .notApplicable)
        var state = try await migrating.sealManager.state()
        #expect(state.migration && state.sealed && state.threshold == 2 && state.shares == 3 && state.type == "testkms")
        await #expect(throws: SealError.migrationPending) {
            try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.shares[0]))
        }
        _ = try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.shares[0]), migrate: true)
        state = try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.shares[1]), migrate: true)
        #expect(!state.sealed && !state.migration && state.recoverySeal)
        #expect(try await readSecret(migrating, token: initial.rootToken) == "hunter2")
        await migrating.sealManager.sealNow()

        let (restarted, _) = TestCore.make(physical: physical, seal: seal)
        #expect(await restarted.sealManager.attemptAutoUnseal() == .unsealed)
        #expect(try await readSecret(restarted, token: initial.rootToken) == "hunter2")
        await restarted.sealManager.sealNow()
        _ = try await restarted.sealManager.submitUnsealKey(Base64.encode(initial.shares[2]))
        state = try await restarted.sealManager.submitUnsealKey(Base64.encode(initial.shares[1]))
        #expect(!state.sealed, "the old unseal keys are now the recovery keys")
    }

    @Test("auto-unseal back to Shamir with the old seal disabled: recovery keys become unseal keys")
    func autoToShamir() async throws {
        let physical = InMemoryBackend()
        let seal = TestAutoSeal()
        let (auto, _) = TestCore.make(physical: physical, seal: seal)
        let initial = try await auto.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 2, recoveryThreshold: 2)
        try await writeSecret(auto, token: initial.rootToken)
        await auto.sealManager.sealNow()

        let (unconfigured, _) = TestCore.make(physical: physical)
        await #expect(throws: SealError.self) {
            try await unconfigured.sealManager.submitUnsealKey(Base64.encode(initial.recoveryShares[0]), migrate: true)
        }

        let (migrating, _) = TestCore.make(physical: physical, previousSeal: seal)
        #expect(try await migrating.sealManager.state().migration)
        _ = try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.recoveryShares[0]), migrate: true)
        let state = try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.recoveryShares[1]), migrate: true)
        #expect(!state.sealed && !state.recoverySeal && state.type == "shamir" && state.shares == 2)
        #expect(try await readSecret(migrating, token: initial.rootToken) == "hunter2")
        await migrating.sealManager.sealNow()

        let (shamir, _) = TestCore.make(physical: physical)
        _ = try await shamir.sealManager.submitUnsealKey(Base64.encode(initial.recoveryShares[1]))
        #expect(try await shamir.sealManager.submitUnsealKey(Base64.encode(initial.recoveryShares[0])).sealed == false)
        #expect(try await readSecret(shamir, token: initial.rootToken) == "hunter2")
    }

    @Test("a migration whose new seal cannot be reached changes nothing")
    func failedMigrationLeavesStoreAlone() async throws {
        let physical = InMemoryBackend()
        let (shamir, _) = TestCore.make(physical: physical)
        let initial = try await shamir.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true)
        try await writeSecret(shamir, token: initial.rootToken)
        await shamir.sealManager.sealNow()
        let before = try await physical.get(RootKeyStorage.path)?.value

        let seal = TestAutoSeal()
        seal.setReachable(false)
        let (migrating, _) = TestCore.make(physical: physical, seal: seal)
        await #expect(throws: SealError.self) {
            try await migrating.sealManager.submitUnsealKey(Base64.encode(initial.shares[0]), migrate: true)
        }
        #expect(migrating.isSealed)
        #expect(try await physical.get(RootKeyStorage.path)?.value == before)

        let (plain, _) = TestCore.make(physical: physical)
        #expect(try await plain.sealManager.submitUnsealKey(Base64.encode(initial.shares[0])).sealed == false)
        #expect(try await readSecret(plain, token: initial.rootToken) == "hunter2")
    }
}
