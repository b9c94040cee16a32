import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Testing

@Suite struct BarrierTests {
    func makeBarrier() async throws -> (Barrier, InMemoryBackend, SecretBytes) {
        let physical = InMemoryBackend()
        let barrier = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        let root = SecretBytes(SystemEntropy().bytes(32))
        try await barrier.initialize(rootKey: root)
        try await barrier.unseal(rootKey: root)
        return (barrier, physical, root)
    }

    @Test("values round-trip and are encrypted on disk")
    func roundTrip() async throws {
        let (barrier, physical, _) = try await makeBarrier()
        let secret = Array("hunter2-super-secret".utf8)
        try await barrier.put(StorageEntry(key: "logical/abc/foo", value: secret))
        #expect(try await barrier.get("logical/abc/foo")?.value == secret)
        let raw = try #require(try await physical.get("logical/abc/foo"))
        #expect(raw.value != secret)
        #expect(!raw.value.windows(ofCount: secret.count).contains { Array($0) == secret })
    }

    @Test("every flipped bit of a stored value is an error, never garbage")
    func tamperDetected() async throws {
        let (writer, physical, root) = try await makeBarrier()
        try await writer.put(StorageEntry(key: "k", value: Array("v".utf8)))
        // A second barrier over the same store reads every value from the store, not from the
        // writer's cache.
        let barrier = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        try await barrier.unseal(rootKey: root)
        let original = try #require(try await physical.get("k")).value
        for bit in 0..<(original.count * 8) {
            var flipped = original
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            try await physical.put(PhysicalEntry(key: "k", value: flipped))
            await #expect(throws: BarrierError.self) { try await barrier.get("k") }
        }
    }

    @Test("a value copied to another path does not open there")
    func pathIsAuthenticated() async throws {
        let (barrier, physical, _) = try await makeBarrier()
        try await barrier.put(StorageEntry(key: "a", value: [1, 2, 3]))
        let blob = try #require(try await physical.get("a")).value
        try await physical.put(PhysicalEntry(key: "b", value: blob))
        await #expect(throws: BarrierError.tamperedValue(key: "b")) { try await barrier.get("b") }
    }

    @Test("sealed barrier refuses access and forgets keys")
    func sealedRefuses() async throws {
        let (barrier, _, _) = try await makeBarrier()
        barrier.seal()
        #expect(barrier.isSealed)
        await #expect(throws: BarrierError.sealed) { try await barrier.get("x") }
        await #expect(throws: BarrierError.sealed) { try await barrier.put(StorageEntry(key: "x", value: [])) }
    }

    @Test("a wrong root key does not unseal")
    func wrongRootKey() async throws {
        let (barrier, _, _) = try await makeBarrier()
        barrier.seal()
        await #expect(throws: BarrierError.invalidRootKey) {
            try await barrier.unseal(rootKey: SecretBytes(SystemEntropy().bytes(32)))
        }
    }

    @Test("rotation adds a term; old values still decrypt; survives re-unseal")
    func rotation() async throws {
        let (barrier, physical, root) = try await makeBarrier()
        try await barrier.put(StorageEntry(key: "old", value: [7]))
        #expect(try barrier.keyStatus().term == 1)
        let term = try await barrier.rotate()
        #expect(term == 2)
        try await barrier.put(StorageEntry(key: "new", value: [8]))
        #expect(try CellCipher.term(of: try #require(try await physical.get("new")).value) == 2)
        barrier.seal()
        try await barrier.unseal(rootKey: root)
        #expect(try barrier.keyStatus().term == 2)
        #expect(try await barrier.get("old")?.value == [7])
        #expect(try await barrier.get("new")?.value == [8])
    }
}

extension Array {
    fileprivate func windows(ofCount n: Int) -> [ArraySlice<Element>] {
        guard count >= n else { return [] }
        return (0...(count - n)).map { self[$0..<($0 + n)] }
    }
}
