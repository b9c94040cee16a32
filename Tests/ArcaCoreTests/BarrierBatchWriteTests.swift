@testable import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Synchronization
import Testing

/// `putAll`: several logical writes become one physical transaction (one commit, one fsync on
/// SQLite), each entry still encrypted under its own path; a plain backend gets them one by one.
@Suite struct BarrierBatchWriteTests {
    /// An in-memory transactional backend that records how writes arrive.
    final class RecordingBackend: TransactionalBackend {
        let inner = InMemoryBackend()
        let calls = Mutex<[String]>([])
        func get(_ key: String) async throws -> PhysicalEntry? { try await inner.get(key) }
        func put(_ entry: PhysicalEntry) async throws {
            calls.withLock { $0.append("put") }
            try await inner.put(entry)
        }
        func delete(_ key: String) async throws { try await inner.delete(key) }
        func list(prefix: String) async throws -> [String] { try await inner.list(prefix: prefix) }
        func apply(_ operations: [PhysicalOperation]) async throws {
            calls.withLock { $0.append("apply \(operations.count)") }
            for op in operations {
                switch op {
                case .put(let e): try await inner.put(e)
                case .delete(let k): try await inner.delete(k)
                }
            }
        }
        var log: [String] { calls.withLock { $0 } }
    }

    func unsealed(_ physical: any PhysicalBackend) async throws -> Barrier {
        let barrier = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        let root = SecretBytes(randomCount: 32)
        try await barrier.initialize(rootKey: root)
        try await barrier.unseal(rootKey: root)
        return barrier
    }

    @Test func threeEntriesThroughAViewAreOneTransaction() async throws {
        let physical = RecordingBackend()
        let barrier = try await unsealed(physical)
        let view = barrier.view("sys/token/")
        _ = try await view.get("id/a")  // a cached miss must not survive the write
        let before = physical.log.count
        try await view.putAll([
            StorageEntry(key: "id/a", value: [1]), StorageEntry(key: "accessor/b", value: [2]),
            StorageEntry(key: "parent/p/a", value: []),
        ])
        #expect(Array(physical.log.dropFirst(before)) == ["apply 3"])
        #expect(try await view.get("id/a")?.value == [1])
        #expect(try await view.get("accessor/b")?.value == [2])
        #expect(try await barrier.get("sys/token/parent/p/a")?.value == [])
        // Stored encrypted, bound to the full path: the raw cell is not the plaintext.
        #expect(try await physical.inner.get("sys/token/id/a")?.value != [1])
    }

    @Test func putsAndDeletesTogetherAreOneTransaction() async throws {
        let physical = RecordingBackend()
        let barrier = try await unsealed(physical)
        let view = barrier.view("kv/")
        try await view.putAll([StorageEntry(key: "versions/k/1", value: [1]), StorageEntry(key: "metadata/k", value: [9])])
        #expect(try await view.get("versions/k/1")?.value == [1])  // cached now
        let before = physical.log.count
        try await view.apply([
            .put(StorageEntry(key: "versions/k/2", value: [2])), .delete("versions/k/1"),
            .put(StorageEntry(key: "metadata/k", value: [8])),
        ])
        #expect(Array(physical.log.dropFirst(before)) == ["apply 3"])
        #expect(try await view.get("versions/k/1") == nil)
        #expect(try await view.get("versions/k/2")?.value == [2])
        #expect(try await view.get("metadata/k")?.value == [8])
        barrier.seal()
        await #expect(throws: BarrierError.sealed) {
            try await view.apply([.delete("versions/k/2"), .delete("metadata/k")])
        }
    }

    @Test func aBackendWithoutTransactionsGetsThemOneByOne() async throws {
        let physical = BarrierReadCacheTests.CountingBackend()
        let barrier = try await unsealed(physical)
        try await barrier.putAll([StorageEntry(key: "x", value: [1]), StorageEntry(key: "y", value: [2])])
        #expect(try await barrier.get("x")?.value == [1])
        #expect(try await barrier.get("y")?.value == [2])
    }

    @Test func aSealedBarrierWritesNothing() async throws {
        let physical = RecordingBackend()
        let barrier = try await unsealed(physical)
        barrier.seal()
        let before = physical.log.count
        await #expect(throws: BarrierError.sealed) {
            try await barrier.putAll([StorageEntry(key: "x", value: [1]), StorageEntry(key: "y", value: [2])])
        }
        #expect(physical.log.count == before)
    }
}
