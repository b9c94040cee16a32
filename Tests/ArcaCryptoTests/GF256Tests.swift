import ArcaCrypto
import Testing

@Suite("GF(2^8) arithmetic")
struct GF256Tests {
    /// A textbook multiply with branches, independent of the masked implementation.
    static func referenceMultiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a
        var b = b
        var product: UInt8 = 0
        while b != 0 {
            if b & 1 == 1 { product ^= a }
            a = a & 0x80 != 0 ? (a << 1) ^ 0x1B : a << 1
            b >>= 1
        }
        return product
    }

    @Test("FIPS-197 worked examples", arguments: [(0x57, 0x83, 0xC1), (0x57, 0x13, 0xFE), (0x57, 0x02, 0xAE), (0x57, 0x10, 0x07)])
    func fipsExamples(a: UInt8, b: UInt8, product: UInt8) {
        #expect(GF256.multiply(a, b) == product)
    }

    @Test("multiplication matches the reference and commutes, over all 65,536 pairs")
    func wholeTable() {
        var mismatches = 0
        for a in 0...255 {
            for b in 0...255 {
                let product = GF256.multiply(UInt8(a), UInt8(b))
                if product != Self.referenceMultiply(UInt8(a), UInt8(b)) || product != GF256.multiply(UInt8(b), UInt8(a)) {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("every non-zero element times its inverse is one")
    func inverses() {
        let failures = (1...255).filter { GF256.multiply(UInt8($0), GF256.inverse(UInt8($0))) != 1 }
        #expect(failures.isEmpty)
        #expect(GF256.inverse(1) == 1)
        #expect(GF256.inverse(0x53) == 0xCA)  // FIPS-197 §5.1.1 example
        #expect(GF256.inverse(0) == 0)
    }

    @Test("distributivity and associativity on a sample")
    func laws() {
        let samples = SeededEntropy(seed: 3).bytes(3 * 500)
        var failures = 0
        for index in stride(from: 0, to: samples.count, by: 3) {
            let (a, b, c) = (samples[index], samples[index + 1], samples[index + 2])
            let left = GF256.multiply(a, GF256.add(b, c))
            if left != GF256.add(GF256.multiply(a, b), GF256.multiply(a, c)) { failures += 1 }
            if GF256.multiply(GF256.multiply(a, b), c) != GF256.multiply(a, GF256.multiply(b, c)) { failures += 1 }
            if c != 0 && GF256.multiply(GF256.divide(a, c), c) != a { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("3 generates the multiplicative group")
    func generator() {
        var seen = Set<UInt8>()
        var element: UInt8 = 1
        for _ in 0..<255 {
            seen.insert(element)
            element = GF256.multiply(element, 3)
        }
        #expect(seen.count == 255 && element == 1)
    }
}
