@testable import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Synchronization
import Testing

/// The barrier's plaintext read cache: hits skip the store, a write leaves its own value, seal
/// empties it, and a read or write racing a write never caches an old value.
@Suite struct BarrierReadCacheTests {
    /// Counts physical reads and can hold one read until released, to stage a race.
    final class CountingBackend: PhysicalBackend {
        let inner = InMemoryBackend()
        let reads = Mutex(0)
        func get(_ key: String) async throws -> PhysicalEntry? {
            reads.withLock { $0 += 1 }
            return try await inner.get(key)
        }
        func put(_ entry: PhysicalEntry) async throws { try await inner.put(entry) }
        func delete(_ key: String) async throws { try await inner.delete(key) }
        func list(prefix: String) async throws -> [String] { try await inner.list(prefix: prefix) }
        func listPage(prefix: String, after: String, limit: Int?) async throws -> [String] {
            try await inner.listPage(prefix: prefix, after: after, limit: limit)
        }
        var readCount: Int { reads.withLock { $0 } }
    }

    func unsealedBarrier(_ physical: any PhysicalBackend) async throws -> (Barrier, SecretBytes) {
        let barrier = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        let root = SecretBytes(randomCount: 32)
        try await barrier.initialize(rootKey: root)
        try await barrier.unseal(rootKey: root)
        return (barrier, root)
    }

    @Test("a second read is served from memory; a write or delete is seen at once")
    func hitsAndInvalidation() async throws {
        let physical = CountingBackend()
        let (barrier, _) = try await unsealedBarrier(physical)
        try await barrier.put(StorageEntry(key: "secret/a", value: Array("one".utf8)))
        let start = physical.readCount
        #expect(try await barrier.get("secret/a")?.value == Array("one".utf8))
        #expect(try await barrier.get("secret/a")?.value == Array("one".utf8))
        #expect(physical.readCount == start + 1, "writing a key that was not cached does not cache it")
        try await barrier.put(StorageEntry(key: "secret/a", value: Array("two".utf8)))
        #expect(try await barrier.get("secret/a")?.value == Array("two".utf8))
        try await barrier.delete("secret/a")
        #expect(try await barrier.get("secret/a") == nil)
    }

    @Test("writing a cached key leaves its new plaintext cached: the next read skips the store")
    func writeThrough() async throws {
        let physical = CountingBackend()
        let (barrier, _) = try await unsealedBarrier(physical)
        for (key, value) in [("secret/a", "one"), ("secret/b", "two"), ("secret/c", "three")] {
            try await barrier.put(StorageEntry(key: key, value: Array(value.utf8)))
            _ = try await barrier.get(key)
        }
        try await barrier.put(StorageEntry(key: "secret/a", value: Array("ONE".utf8)))
        try await barrier.apply([
            .put(StorageEntry(key: "secret/b", value: Array("TWO".utf8))),
            .put(StorageEntry(key: "secret/c", value: Array("THREE".utf8))),
            .put(StorageEntry(key: "secret/d", value: Array("four".utf8))),
        ])
        let start = physical.readCount
        #expect(try await barrier.get("secret/a")?.value == Array("ONE".utf8))
        #expect(try await barrier.get("secret/b")?.value == Array("TWO".utf8))
        #expect(try await barrier.get("secret/c")?.value == Array("THREE".utf8))
        #expect(physical.readCount == start, "rewritten cached keys are served from memory")
        #expect(try await barrier.get("secret/d")?.value == Array("four".utf8))
        #expect(physical.readCount == start + 1, "a new key is read from the store")
        try await barrier.apply([.delete("secret/b"), .put(StorageEntry(key: "secret/c", value: Array("five".utf8)))])
        #expect(try await barrier.get("secret/b") == nil)
        #expect(try await barrier.get("secret/c")?.value == Array("five".utf8))
    }

    @Test("a key found missing is cached as absent until it is written; a deleted cached key becomes absent")
    func absentKeys() async throws {
        let physical = CountingBackend()
        let (barrier, root) = try await unsealedBarrier(physical)
        let start = physical.readCount
        #expect(try await barrier.get("mount/config") == nil)
        #expect(try await barrier.get("mount/config") == nil)
        #expect(physical.readCount == start + 1, "the second miss is answered from memory")
        try await barrier.put(StorageEntry(key: "mount/config", value: Array("{}".utf8)))
        #expect(try await barrier.get("mount/config")?.value == Array("{}".utf8))
        #expect(physical.readCount == start + 1, "writing a key cached as absent caches its value")
        try await barrier.delete("mount/config")
        #expect(try await barrier.get("mount/config") == nil)
        #expect(physical.readCount == start + 1, "deleting a cached key caches it as absent")
        try await barrier.apply([
            .put(StorageEntry(key: "mount/config", value: Array("{\"a\":1}".utf8))),
            .put(StorageEntry(key: "mount/other", value: [1])),
        ])
        #expect(try await barrier.get("mount/config")?.value == Array("{\"a\":1}".utf8))
        #expect(physical.readCount == start + 1)

        // A miss that raced a write of the key is not remembered.
        let cache = BarrierReadCache()
        let staleMiss = cache.lookup("k")
        cache.finishWrite([("k", [1])], ticket: cache.beginWrite(["k"]), succeeded: true)
        cache.insert("k", nil, generation: staleMiss.generation)
        #expect(!cache.lookup("k").isHit)

        // Seal forgets absent keys too: after unseal the store is asked again.
        #expect(try await barrier.get("mount/missing") == nil)
        barrier.seal()
        try await barrier.unseal(rootKey: root)
        let beforeUnsealedRead = physical.readCount
        #expect(try await barrier.get("mount/missing") == nil)
        #expect(physical.readCount == beforeUnsealedRead + 1)
    }

    @Test("absent keys are bounded by count, apart from values: one-off misses neither grow the cache nor evict values")
    func absentKeysBounded() {
        let cache = BarrierReadCache(maxBytes: 64 * 1024, maxAbsent: 8)
        cacheRead(cache, "value", [1, 2, 3])
        for i in 0..<100 { cache.insert("missing/\(i)", nil, generation: cache.lookup("missing/\(i)").generation) }
        #expect(cache.count == 1 + 8)
        #expect(cache.lookup("value").value == [1, 2, 3])
        #expect(cache.lookup("missing/99").isAbsent)
        #expect(!cache.lookup("missing/0").isHit)
        #expect(cache.byteCount == BarrierReadCache.size(key: "value", value: [1, 2, 3]), "absent keys are not charged bytes")
    }

    /// Caches `value` for `key` as a read would.
    func cacheRead(_ cache: BarrierReadCache, _ key: String, _ value: [UInt8]) {
        cache.insert(key, value, generation: cache.lookup(key).generation)
    }

    @Test("overlapping writes of a key cache neither value; a failed write drops the key")
    func overlappingWrites() {
        let cache = BarrierReadCache()
        cacheRead(cache, "k", [0])
        let first = cache.beginWrite(["k"])
        let second = cache.beginWrite(["k"])
        cache.finishWrite([("k", [1])], ticket: first, succeeded: true)
        #expect(cache.lookup("k").value == nil, "the second write may land after the first")
        cache.finishWrite([("k", [2])], ticket: second, succeeded: true)
        #expect(cache.lookup("k").value == nil)

        cacheRead(cache, "k", [2])
        cache.finishWrite([("k", [3])], ticket: cache.beginWrite(["k"]), succeeded: true)
        #expect(cache.lookup("k").value == [3])
        cache.finishWrite([("k", [4])], ticket: cache.beginWrite(["k"]), succeeded: false)
        #expect(cache.lookup("k").value == nil, "a failed write may or may not have landed")
    }

    @Test("a read that began during a write and cached the old value loses it when the write finishes")
    func readInsideWrite() {
        let cache = BarrierReadCache()
        let ticket = cache.beginWrite(["k"])
        cacheRead(cache, "k", [0xAA])  // the old value, read before the commit
        cache.finishWrite([("k", [0xBB])], ticket: ticket, succeeded: true)
        #expect(cache.lookup("k").value == nil)

        cacheRead(cache, "k", [0xBB])
        let hot = cache.beginWrite(["k"])
        cacheRead(cache, "k", [0xBB])  // read again before the commit
        cache.finishWrite([("k", [0xCC])], ticket: hot, succeeded: true)
        #expect(cache.lookup("k").value == [0xCC])
    }

    @Test("seal empties the cache: a sealed barrier answers nothing, even for cached keys")
    func sealClears() async throws {
        let physical = CountingBackend()
        let (barrier, root) = try await unsealedBarrier(physical)
        try await barrier.put(StorageEntry(key: "k", value: [1, 2, 3]))
        _ = try await barrier.get("k")
        barrier.seal()
        await #expect(throws: BarrierError.sealed) { try await barrier.get("k") }
        try await barrier.unseal(rootKey: root)
        let before = physical.readCount
        #expect(try await barrier.get("k")?.value == [1, 2, 3])
        #expect(physical.readCount == before + 1, "after unseal the value comes from the store again")
    }

    @Test("a read that overlapped a write does not cache what it read")
    func raceKeepsCacheFresh() {
        let cache = BarrierReadCache()
        let staleRead = cache.lookup("k")
        let ticket = cache.beginWrite(["k"])  // a write began and finished while the read was in flight
        cache.finishWrite([("k", nil)], ticket: ticket, succeeded: true)
        cache.insert("k", [0xAA], generation: staleRead.generation)
        #expect(cache.lookup("k").value == nil)
        let fresh = cache.lookup("k")
        cache.insert("k", [0xBB], generation: fresh.generation)
        #expect(cache.lookup("k").value == [0xBB])
    }

    @Test("writes of other keys in flight (group commit) neither stop a read nor a write-through from caching")
    func otherKeysDoNotInterfere() {
        let cache = BarrierReadCache()
        let other = cache.beginWrite(["other"])
        let read = cache.lookup("k")
        let unrelated = cache.beginWrite(["unrelated"])
        cache.insert("k", [1], generation: read.generation)
        #expect(cache.lookup("k").value == [1], "a read overlapping writes of other keys caches what it read")

        let mine = cache.beginWrite(["k"])
        let overlapping = cache.beginWrite(["third"])
        cache.finishWrite([("other", [9])], ticket: other, succeeded: true)
        cache.finishWrite([("k", [2])], ticket: mine, succeeded: true)
        #expect(cache.lookup("k").value == [2], "a write of a cached key leaves its value though others overlapped")
        cache.finishWrite([("third", [3])], ticket: overlapping, succeeded: true)
        cache.finishWrite([("unrelated", [4])], ticket: unrelated, succeeded: true)
        #expect(cache.lookup("k").value == [2])

        // A read of the key being written still may not cache, though the write finished first.
        let during = cache.beginWrite(["k"])
        let stale = cache.lookup("k")
        cache.finishWrite([("k", [5])], ticket: during, succeeded: true)
        cache.insert("k", [2], generation: stale.generation)
        #expect(cache.lookup("k").value == [5])
    }

    @Test("stamps are forgotten in bulk at their bound; reads and writes begun before then do not cache")
    func stampsBounded() {
        let cache = BarrierReadCache(maxStamps: 8)
        cacheRead(cache, "hot", [1])
        let read = cache.lookup("k")
        let hotWrite = cache.beginWrite(["hot"])
        for i in 0..<9 { cache.finishWrite([("w\(i)", [0])], ticket: cache.beginWrite(["w\(i)"]), succeeded: true) }
        cache.insert("k", [7], generation: read.generation)
        #expect(!cache.lookup("k").isHit, "a read begun before the stamps were forgotten may have raced a write")
        cache.finishWrite([("hot", [2])], ticket: hotWrite, succeeded: true)
        #expect(!cache.lookup("hot").isHit, "nor may a write begun before")
        cacheRead(cache, "k", [8])
        #expect(cache.lookup("k").value == [8], "reads begun after cache again")
        cache.finishWrite([("k", [9])], ticket: cache.beginWrite(["k"]), succeeded: true)
        #expect(cache.lookup("k").value == [9])
    }

    @Test("the cache stays within its byte bound, evicting entries not read since the hand last passed")
    func bounded() {
        let cache = BarrierReadCache(maxBytes: 64 * 1024)
        for i in 0..<200 {
            let g = cache.lookup("k\(i)").generation
            cache.insert("k\(i)", [UInt8](repeating: 1, count: 1000), generation: g)
            _ = cache.lookup("k0")  // keep k0 hot
        }
        #expect(cache.count < 64)
        #expect(cache.lookup("k0").value != nil)
        #expect(cache.lookup("k199").value != nil)
        #expect(cache.lookup("k1").value == nil)
    }

    @Test("churn far beyond the bound keeps the byte count exact and within the bound")
    func churn() {
        let cache = BarrierReadCache(maxBytes: 64 * 1024)
        // A deleted key stays in the map with a nil value, so the absent check below sees it.
        var expected: [String: [UInt8]?] = [:]
        for i in 0..<5000 {
            let key = "k\(i % 700)"
            if i % 7 == 0 {
                cache.finishWrite([(key, nil)], ticket: cache.beginWrite([key]), succeeded: true)
                expected[key] = .some(nil)
                continue
            }
            let value = [UInt8](repeating: UInt8(i % 251), count: 100 + i % 900)
            let g = cache.lookup(key).generation
            cache.insert(key, value, generation: g)
            expected[key] = value
            #expect(cache.byteCount <= 64 * 1024)
        }
        // Whatever is still cached is the latest value written for its key.
        var charged = 0
        for (key, value) in expected {
            let found = cache.lookup(key)
            if let cached = found.value {
                #expect(cached == value)
                charged += BarrierReadCache.size(key: key, value: cached)
            } else if found.isAbsent {
                #expect(value == nil, "only a deleted key is cached as absent")
            }
        }
        #expect(charged == cache.byteCount)
        cache.clear()
        #expect(cache.count == 0 && cache.byteCount == 0)
    }
}
