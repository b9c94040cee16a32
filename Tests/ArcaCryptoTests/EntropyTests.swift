import ArcaCrypto
import Testing

@Suite("Entropy sources")
struct EntropyTests {
    @Test("SeededEntropy is SplitMix64, little-endian")
    func splitMixVector() {
        // First SplitMix64 output for seed 0 is 0xE220A8397B1DCDAF.
        #expect(SeededEntropy(seed: 0).bytes(8) == [0xAF, 0xCD, 0x1D, 0x7B, 0x39, 0xA8, 0x20, 0xE2])
    }

    @Test("SeededEntropy is deterministic and continues across calls")
    func seededStream() {
        let whole = SeededEntropy(seed: 7).bytes(20)
        let pieces = SeededEntropy(seed: 7)
        // Partial words are discarded, so only whole-word reads concatenate exactly.
        #expect(pieces.bytes(8) + pieces.bytes(8) == Array(whole.prefix(16)))
        #expect(SeededEntropy(seed: 7).bytes(20) == whole)
        #expect(SeededEntropy(seed: 8).bytes(20) != whole)
    }

    @Test("SystemEntropy returns the requested length and differing values", arguments: [0, 1, 7, 8, 9, 32, 1000])
    func system(count: Int) {
        let entropy = SystemEntropy()
        let bytes = entropy.bytes(count)
        #expect(bytes.count == count)
        if count >= 8 { #expect(bytes != entropy.bytes(count)) }
    }
}
