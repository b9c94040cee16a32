import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import FoundationEssentials
import Testing

/// Plaintext copies of keys are wiped after use, and the keyring's plaintext form holds no
/// string that could not be (issue 36, item 13).
@Suite struct KeyMaterialWipeTests {
    @Test("a reset collector wipes the shares it held, even where they are still referred to")
    func collectorWipesShares() {
        var collector = ShareCollector(threshold: 3)
        var share: [UInt8] = Array(repeating: 0xAB, count: 33)
        _ = collector.add(share, makeNonce: { "n" })
        _ = collector.add(Array(repeating: 0xCD, count: 33), makeNonce: { "n" })
        let held = collector.shares  // the same buffers, as a `.ready` value would hand them out
        collector.reset()
        #expect(held.count == 2 && held.allSatisfy { $0.allSatisfy { $0 == 0 } })
        // The collector copied the share: wiping the caller's own array is the caller's job.
        #expect(share.allSatisfy { $0 == 0xAB })
        SecureZero.zero(&share)
    }

    @Test("the keyring's plaintext form holds the keys only as raw bytes, no base64 string, and round-trips")
    func binaryKeyring() throws {
        let ring = Keyring.fresh(entropy: SystemEntropy(), now: Date(timeIntervalSince1970: 1_795_000_000.5))
            .rotated(entropy: SystemEntropy(), now: Date(timeIntervalSince1970: 1_795_000_100))
        let bytes = ring.serialized()
        for term in ring.terms.values {
            let b64 = Array(term.key.withUnsafeBytes { Base64.encode(Array($0)) }.utf8)
            #expect(!bytes.contains(subsequence: b64), "term \(term.term) appears base64-encoded")
        }
        let back = try Keyring.deserialize(bytes)
        #expect(back.activeTerm == 2 && back.terms.count == 2)
        for (n, term) in ring.terms {
            let other = try #require(back.terms[n])
            #expect(ConstantTime.equals(other.key, term.key))
            #expect(abs(other.installTime.timeIntervalSince1970 - term.installTime.timeIntervalSince1970) < 1e-6)
        }
        #expect(throws: BarrierError.corruptKeyring) { try Keyring.deserialize(Array(bytes.dropLast())) }
        #expect(throws: BarrierError.corruptKeyring) { try Keyring.deserialize(bytes + [0]) }
    }

    @Test("a keyring stored in the earlier JSON form still opens")
    func legacyJSONKeyring() throws {
        let key = SystemEntropy().bytes(32)
        let json = JSONWriter.encode([
            "active_term": 1,
            "terms": [["term": 1, "key": .string(Base64.encode(key)), "install_time": "2026-11-19T00:00:00Z",
                       "install_unix_nanos": .number(JSONNumber(Int64(1_795_000_000_000_000_000)))]],
        ])
        let ring = try Keyring.deserialize(json)
        #expect(ring.activeTerm == 1)
        #expect(ConstantTime.equals(try #require(ring.terms[1]).key, SecretBytes(key)))
    }

    @Test("after a root key change only the new root key opens the keyring; callers keep their own keys")
    func sealZeroes() async throws {
        let physical = InMemoryBackend()
        let barrier = Barrier(physical: physical, entropy: SystemEntropy(), clock: ManualWallClock())
        let root = SecretBytes(randomCount: 32)
        try await barrier.initialize(rootKey: root)
        try await barrier.unseal(rootKey: root)
        let next = SecretBytes(randomCount: 32)
        try await barrier.changeRootKey(to: next, alongside: [])
        await barrier.sealAndDrain()
        #expect(!root.isZeroed && !next.isZeroed, "the barrier keeps copies of its own")
        await #expect(throws: BarrierError.invalidRootKey) { try await barrier.unseal(rootKey: root) }
        try await barrier.unseal(rootKey: next)
        #expect(!barrier.isSealed)
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
