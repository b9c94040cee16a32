import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Synchronization
import Testing

/// Rekey makes a new root key and re-encrypts the keyring under it (issue 36, item 7).
@Suite struct RootKeyRekeyTests {
    func hex(_ b: [UInt8]) -> String { Hex.encode(b) }

    /// Runs a Shamir rekey to `shares`/`threshold` with the first `required` old shares.
    func rekey(_ core: Core, oldShares: [[UInt8]], shares: Int, threshold: Int) async throws -> [[UInt8]] {
        let started = try await core.sealManager.startRekey(shares: shares, threshold: threshold)
        for share in oldShares.prefix(started.required) {
            if case .complete(_, let new) = try await core.sealManager.updateRekey(key: hex(share), nonce: started.nonce) {
                return new
            }
        }
        Issue.record("rekey did not complete")
        return []
    }

    @Test("after a rekey, an old copy of the wrapped root key and the old shares no longer open the store")
    func oldBackupDoesNotOpen() async throws {
        let physical = InMemoryBackend()
        let (core, oldShares, _) = try await TestCore.unsealed(physical: physical)
        try await core.barrier.put(StorageEntry(key: "logical/x", value: [42]))
        let oldWrapped = try #require(try await physical.get(RootKeyStorage.path))
        let oldConfig = try #require(try await physical.get(SealConfig.path))

        let newShares = try await rekey(core, oldShares: oldShares, shares: 3, threshold: 2)
        #expect(newShares.count == 3)
        #expect(try await core.barrier.get("logical/x")?.value == [42], "data stays readable while unsealed")
        #expect(try await physical.get(RootKeyStorage.path)?.value != oldWrapped.value)
        await core.sealManager.sealNow()
        let newWrapped = try #require(try await physical.get(RootKeyStorage.path))
        let newConfig = try #require(try await physical.get(SealConfig.path))

        // An attacker restores the old wrapped root key (and config) and uses the old shares.
        try await physical.put(oldWrapped)
        try await physical.put(oldConfig)
        let (restored, _) = TestCore.make(physical: physical)
        _ = try await restored.sealManager.submitUnsealKey(hex(oldShares[0]))
        _ = try await restored.sealManager.submitUnsealKey(hex(oldShares[1]))
        await #expect(throws: BarrierError.invalidRootKey) {
            try await restored.sealManager.submitUnsealKey(hex(oldShares[2]))
        }
        #expect(restored.isSealed)

        // The current wrapping and the new shares open it, with the data intact.
        try await physical.put(newWrapped)
        try await physical.put(newConfig)
        let (again, _) = TestCore.make(physical: physical)
        _ = try await again.sealManager.submitUnsealKey(hex(newShares[2]))
        _ = try await again.sealManager.submitUnsealKey(hex(newShares[0]))
        #expect(!again.isSealed)
        #expect(try await again.barrier.get("logical/x")?.value == [42])
    }

    @Test("a rotation after a rekey stores the keyring under the new root key")
    func rotateAfterRekey() async throws {
        let physical = InMemoryBackend()
        let (core, oldShares, _) = try await TestCore.unsealed(physical: physical)
        let newShares = try await rekey(core, oldShares: oldShares, shares: 1, threshold: 1)
        #expect(try await core.barrier.rotate() == 2)
        try await core.barrier.put(StorageEntry(key: "logical/y", value: [7]))
        await core.sealManager.sealNow()
        let (again, _) = TestCore.make(physical: physical)
        _ = try await again.sealManager.submitUnsealKey(hex(newShares[0]))
        #expect(!again.isSealed)
        #expect(try again.barrier.keyStatus().term == 2)
        #expect(try await again.barrier.get("logical/y")?.value == [7])
    }

    @Test("on a transactional backend the keyring, the wrapped root key and the seal config land in one apply")
    func oneTransaction() async throws {
        let physical = RecordingBackend()
        let (core, oldShares, _) = try await TestCore.unsealed(physical: physical)
        physical.startRecording()
        _ = try await rekey(core, oldShares: oldShares, shares: 3, threshold: 2)
        let batches = physical.recorded.filter { batch in batch.contains { $0.key == Barrier.keyringPath } }
        #expect(batches.count == 1)
        #expect(Set(batches.first?.map(\.key) ?? []) == [Barrier.keyringPath, RootKeyStorage.path, SealConfig.path])
        #expect(physical.loosePuts.isEmpty, "no write outside the transaction: \(physical.loosePuts)")
    }

    @Test("a failed transaction changes nothing: the old shares and the old root key keep working")
    func failedTransaction() async throws {
        let physical = RecordingBackend()
        let (core, oldShares, _) = try await TestCore.unsealed(physical: physical)
        try await core.barrier.put(StorageEntry(key: "logical/x", value: [1]))
        physical.failApply = true
        await #expect(throws: (any Error).self) { try await rekey(core, oldShares: oldShares, shares: 1, threshold: 1) }
        physical.failApply = false
        // The root key in memory is still the stored one: a rotation must stay readable.
        #expect(try await core.barrier.rotate() == 2)
        await core.sealManager.sealNow()
        let (again, _) = TestCore.make(physical: physical)
        for s in oldShares.prefix(3) { _ = try await again.sealManager.submitUnsealKey(hex(s)) }
        #expect(!again.isSealed)
        #expect(try await again.barrier.get("logical/x")?.value == [1])
    }

    @Test("without transactions a crash at any write of a rekey leaves the store openable", arguments: 0..<5)
    func crashWithoutTransactions(crashAfter writes: Int) async throws {
        // Auto-unseal: the seal opens the root key whichever one is stored, so every crash point
        // can be checked by restarting (with Shamir a crash after the new wrapping is stored loses
        // the new shares, which the operator never received).
        let seal = TestAutoSeal()
        let store = PlainBackend()
        let (core, _) = TestCore.make(physical: store, seal: seal)
        let initial = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 3, recoveryThreshold: 2)
        try await core.barrier.put(StorageEntry(key: "logical/x", value: [5]))

        store.crashAfter(writes)
        let started = try await core.sealManager.startRekey(shares: 1, threshold: 1)
        do {
            for s in initial.recoveryShares.prefix(2) {
                _ = try await core.sealManager.updateRekey(key: hex(s), nonce: started.nonce)
            }
        } catch {}
        store.revive()

        let (restarted, _) = TestCore.make(physical: store, seal: seal)
        #expect(await restarted.sealManager.attemptAutoUnseal() == .unsealed, "crash after \(writes) writes")
        #expect(try await restarted.barrier.get("logical/x")?.value == [5])
        #expect(try await store.get(Barrier.pendingKeyringPath) == nil, "no staged keyring is left behind")
    }

    @Test("auto-unseal: recovery keys authorise a root key rotation; an old wrapped root key no longer opens")
    func autoUnsealRekey() async throws {
        let seal = TestAutoSeal()
        let physical = InMemoryBackend()
        let (core, _) = TestCore.make(physical: physical, seal: seal)
        let initial = try await core.sealManager.initialize(shares: 0, threshold: 0, recoveryShares: 3, recoveryThreshold: 2)
        try await core.barrier.put(StorageEntry(key: "logical/x", value: [3]))
        let oldWrapped = try #require(try await physical.get(RootKeyStorage.path))

        #expect(try await core.sealManager.rekeyState().required == 2)
        // OpenBao reports one share and threshold one whatever was asked: the seal holds the key.
        let started = try await core.sealManager.startRekey(shares: 3, threshold: 2)
        #expect(started.started && started.newShares == 1 && started.newThreshold == 1 && started.required == 2)
        await #expect(throws: SealError.self) {
            _ = try await core.sealManager.updateRekey(key: hex([UInt8](repeating: 7, count: 33)), nonce: started.nonce)
            _ = try await core.sealManager.updateRekey(key: hex([UInt8](repeating: 8, count: 33)), nonce: started.nonce)
        }
        let again = try await core.sealManager.startRekey(shares: 1, threshold: 1)
        _ = try await core.sealManager.updateRekey(key: hex(initial.recoveryShares[1]), nonce: again.nonce)
        let outcome = try await core.sealManager.updateRekey(key: hex(initial.recoveryShares[2]), nonce: again.nonce)
        guard case .complete(_, let shares) = outcome else { Issue.record("expected completion"); return }
        #expect(shares.isEmpty)
        #expect(try await core.barrier.get("logical/x")?.value == [3])
        let state = try await core.sealManager.state()
        #expect(state.shares == 3 && state.threshold == 2, "the recovery key is unchanged")
        await core.sealManager.sealNow()

        let (restarted, _) = TestCore.make(physical: physical, seal: seal)
        #expect(await restarted.sealManager.attemptAutoUnseal() == .unsealed)
        #expect(try await restarted.barrier.get("logical/x")?.value == [3])
        await restarted.sealManager.sealNow()

        try await physical.put(oldWrapped)
        let (restored, _) = TestCore.make(physical: physical, seal: seal)
        #expect(await restored.sealManager.attemptAutoUnseal() != .unsealed)
        #expect(restored.isSealed)
    }
}

/// In-memory transactional storage that records the batches applied and the plain puts, and can
/// make `apply` fail.
final class RecordingBackend: TransactionalBackend {
    private struct State {
        var recording = false
        var batches: [[PhysicalEntry]] = []
        var loose: [String] = []
        var failApply = false
    }

    private let base = InMemoryBackend()
    private let state = Mutex(State())

    func startRecording() { state.withLock { $0.recording = true } }
    var recorded: [[PhysicalEntry]] { state.withLock { $0.batches } }
    var loosePuts: [String] { state.withLock { $0.loose } }
    var failApply: Bool {
        get { state.withLock { $0.failApply } }
        set { state.withLock { $0.failApply = newValue } }
    }

    func get(_ key: String) async throws -> PhysicalEntry? { try await base.get(key) }
    func delete(_ key: String) async throws { try await base.delete(key) }
    func list(prefix: String) async throws -> [String] { try await base.list(prefix: prefix) }

    func put(_ entry: PhysicalEntry) async throws {
        state.withLock { if $0.recording && entry.key.hasPrefix("core/") { $0.loose.append(entry.key) } }
        try await base.put(entry)
    }

    func apply(_ operations: [PhysicalOperation]) async throws {
        let fail = state.withLock { s -> Bool in
            if s.recording {
                s.batches.append(operations.compactMap { if case .put(let e) = $0 { e } else { nil } })
            }
            return s.failApply
        }
        if fail { throw PhysicalError.invalidKey("simulated failure") }
        try await base.apply(operations)
    }
}

/// Storage without transactions that can "crash": after a given number of writes every further
/// write fails, as if the process had died, until revived.
final class PlainBackend: PhysicalBackend {
    private let base = InMemoryBackend()
    private let budget = Mutex<Int?>(nil)

    func crashAfter(_ writes: Int) { budget.withLock { $0 = writes } }
    func revive() { budget.withLock { $0 = nil } }

    private func spend() throws {
        try budget.withLock { b in
            guard let left = b else { return }
            if left <= 0 { throw PhysicalError.invalidKey("simulated crash") }
            b = left - 1
        }
    }

    func get(_ key: String) async throws -> PhysicalEntry? { try await base.get(key) }
    func list(prefix: String) async throws -> [String] { try await base.list(prefix: prefix) }

    func put(_ entry: PhysicalEntry) async throws {
        try spend()
        try await base.put(entry)
    }

    func delete(_ key: String) async throws {
        try spend()
        try await base.delete(key)
    }
}
