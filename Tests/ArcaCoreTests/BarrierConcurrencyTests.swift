import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Synchronization
import Testing

/// Seal and rotate racing the barrier's own storage operations (issue 36, item 6).
@Suite struct BarrierConcurrencyTests {
    /// System randomness with a hook that runs on each draw: the barrier draws a nonce between
    /// taking the active key and encrypting with it, so the hook can seal right in that window.
    final class HookedEntropy: EntropySource {
        private let hook = Mutex<(@Sendable () -> Void)?>(nil)
        private let spin: Int

        init(spin: Int = 0) { self.spin = spin }

        /// Runs `body` on the next draw only.
        func once(_ body: @escaping @Sendable () -> Void) { hook.withLock { $0 = body } }

        func bytes(_ count: Int) -> [UInt8] {
            if let body = hook.withLock({ h -> (@Sendable () -> Void)? in defer { h = nil }; return h }) { body() }
            // Widens the window between taking the key and using it, for the stress test.
            var x = 0
            for i in 0..<spin { x &+= i }
            _ = x
            return SystemEntropy().bytes(count)
        }
    }

    /// In-memory storage that can hold its next `core/keyring` write (stored, not yet returned)
    /// until released, and counts writes.
    final class HoldingBackend: TransactionalBackend {
        private struct State {
            var keyringWrites = 0
            var puts = 0
            var holdNext = false
            var released = false
            var held: CheckedContinuation<Void, Never>?
        }

        let base = InMemoryBackend()
        private let state = Mutex(State())

        var keyringWrites: Int { state.withLock { $0.keyringWrites } }
        var puts: Int { state.withLock { $0.puts } }

        func holdNextKeyringWrite() {
            state.withLock {
                $0.holdNext = true
                $0.released = false
            }
        }

        func release() {
            let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
                s.released = true
                defer { s.held = nil }
                return s.held
            }
            c?.resume()
        }

        func get(_ key: String) async throws -> PhysicalEntry? { try await base.get(key) }
        func delete(_ key: String) async throws { try await base.delete(key) }
        func list(prefix: String) async throws -> [String] { try await base.list(prefix: prefix) }
        func apply(_ operations: [PhysicalOperation]) async throws {
            state.withLock { $0.puts += operations.count }
            try await base.apply(operations)
        }

        func put(_ entry: PhysicalEntry) async throws {
            try await base.put(entry)
            let hold = state.withLock { s -> Bool in
                s.puts += 1
                guard entry.key == Barrier.keyringPath else { return false }
                s.keyringWrites += 1
                defer { s.holdNext = false }
                return s.holdNext
            }
            guard hold else { return }
            await withCheckedContinuation { c in
                let resumeNow = state.withLock { s -> Bool in
                    if s.released { return true }
                    s.held = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
    }

    func unsealedBarrier(physical: any PhysicalBackend, entropy: any EntropySource) async throws -> (Barrier, SecretBytes) {
        let barrier = Barrier(physical: physical, entropy: entropy, clock: ManualWallClock())
        let root = SecretBytes(randomCount: 32)
        try await barrier.initialize(rootKey: root)
        try await barrier.unseal(rootKey: root)
        return (barrier, root)
    }

    @Test("a seal while a write is between taking the key and encrypting: the stored value still opens")
    func sealInsideWrite() async throws {
        let entropy = HookedEntropy()
        let physical = InMemoryBackend()
        let (barrier, root) = try await unsealedBarrier(physical: physical, entropy: entropy)
        entropy.once { barrier.seal() }
        // The write was let in before the seal, so it lands, under a key that the seal zeroes only
        // once the write has finished.
        try await barrier.put(StorageEntry(key: "logical/x", value: Array("secret".utf8)))
        #expect(barrier.isSealed)
        await #expect(throws: BarrierError.sealed) { try await barrier.put(StorageEntry(key: "logical/y", value: [1])) }
        try await barrier.unseal(rootKey: root)
        #expect(try await barrier.get("logical/x")?.value == Array("secret".utf8))
    }

    @Test("many writes racing a seal: each write either fails sealed or stores a value that opens after unseal")
    func writesRacingSeal() async throws {
        let entropy = HookedEntropy(spin: 20_000)
        let physical = HoldingBackend()
        let (barrier, root) = try await unsealedBarrier(physical: physical, entropy: entropy)
        let count = 200
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<count {
                group.addTask {
                    do {
                        try await barrier.put(StorageEntry(key: "logical/k\(i)", value: Array("value-\(i)".utf8)))
                        return (i, true)
                    } catch BarrierError.sealed {
                        return (i, false)
                    }
                }
                if i == count / 4 {
                    group.addTask {
                        await barrier.sealAndDrain()
                        return (-1, true)
                    }
                }
            }
            var result: [Int: Bool] = [:]
            for try await (i, ok) in group where i >= 0 { result[i] = ok }
            return result
        }
        #expect(barrier.isSealed)
        // Nothing reaches the store once the seal has drained.
        let putsAtSeal = physical.puts
        for _ in 0..<100 { await Task.yield() }
        #expect(physical.puts == putsAtSeal)
        try await barrier.unseal(rootKey: root)
        var stored = 0
        for (i, ok) in outcomes where ok {
            #expect(try await barrier.get("logical/k\(i)")?.value == Array("value-\(i)".utf8), "key \(i)")
            stored += 1
        }
        #expect(outcomes.count == count)
        #expect(stored > 0)
    }

    @Test("two racing rotations: the stored keyring is the one in memory, and every value reads after re-unseal")
    func racingRotations() async throws {
        let physical = HoldingBackend()
        let (barrier, root) = try await unsealedBarrier(physical: physical, entropy: SystemEntropy())
        physical.holdNextKeyringWrite()
        try await barrier.put(StorageEntry(key: "before", value: [1]))
        let writesBefore = physical.keyringWrites
        async let first = barrier.rotate()
        // Let the first rotation store its keyring and stop there.
        while physical.keyringWrites == writesBefore { await Task.yield() }
        async let second = barrier.rotate()
        // Give the second one every chance to overtake the first.
        for _ in 0..<2000 where physical.keyringWrites < writesBefore + 2 { await Task.yield() }
        physical.release()
        let terms = try await [first, second].sorted()
        #expect(terms == [2, 3])
        let term = try barrier.keyStatus().term
        try await barrier.put(StorageEntry(key: "after", value: [2]))

        // A fresh barrier reads the stored keyring: it must be the one the first barrier uses.
        let reopened = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        try await reopened.unseal(rootKey: root)
        #expect(try reopened.keyStatus().term == term)
        #expect(try await reopened.get("before")?.value == [1])
        #expect(try await reopened.get("after")?.value == [2])
        await barrier.sealAndDrain()
        try await barrier.unseal(rootKey: root)
        #expect(try await barrier.get("after")?.value == [2])
    }

    @Test("a rotation racing a seal either completes or fails sealed; the store stays readable")
    func rotateRacingSeal() async throws {
        let physical = HoldingBackend()
        let (barrier, root) = try await unsealedBarrier(physical: physical, entropy: SystemEntropy())
        physical.holdNextKeyringWrite()
        try await barrier.put(StorageEntry(key: "v", value: [9]))
        let writesBefore = physical.keyringWrites
        async let rotation: UInt32? = try? barrier.rotate()
        while physical.keyringWrites == writesBefore { await Task.yield() }
        async let sealing: Void = barrier.sealAndDrain()
        for _ in 0..<200 { await Task.yield() }
        // The seal waits for the rotation inside the barrier.
        #expect(barrier.isSealed)
        physical.release()
        _ = await (rotation, sealing)
        try await barrier.unseal(rootKey: root)
        #expect(try barrier.keyStatus().term == 2)
        #expect(try await barrier.get("v")?.value == [9])
    }
}
