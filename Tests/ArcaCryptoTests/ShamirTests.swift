@testable import ArcaCrypto
import Testing

@Suite struct ShamirTests {
    static let params: [(Int, Int)] = [(1, 1), (2, 2), (3, 2), (5, 3), (10, 10), (255, 255)]

    @Test("any threshold-sized subset recovers the secret", arguments: params, [1, 32, 33, 100])
    func roundTrip(p: (Int, Int), length: Int) throws {
        let (n, t) = p
        if n == 255 && length > 1 { return }  // keep the big case tiny
        let entropy = SeededEntropy(seed: UInt64(n * 1000 + length))
        let secret = entropy.bytes(length)
        let shares = try Shamir.split(secret: secret, shares: n, threshold: t, entropy: entropy)
        #expect(shares.count == n)
        #expect(shares.allSatisfy { $0.count == length + 1 })
        #expect(Set(shares.map { $0.last! }).count == n)
        #expect(try Shamir.combine(Array(shares.prefix(t))) == secret)
        #expect(try Shamir.combine(Array(shares.suffix(t).reversed())) == secret)
        #expect(try Shamir.combine(shares) == secret)
    }

    @Test("fewer than the threshold gives a wrong value, not the secret")
    func belowThreshold() throws {
        let entropy = SeededEntropy(seed: 7)
        let secret = entropy.bytes(32)
        let shares = try Shamir.split(secret: secret, shares: 5, threshold: 3, entropy: entropy)
        #expect(try Shamir.combine(Array(shares.prefix(2))) != secret)
    }

    @Test("mixing shares of two splits gives a wrong value")
    func mixed() throws {
        let entropy = SeededEntropy(seed: 8)
        let secret = entropy.bytes(32)
        let a = try Shamir.split(secret: secret, shares: 3, threshold: 2, entropy: entropy)
        let b = try Shamir.split(secret: entropy.bytes(32), shares: 3, threshold: 2, entropy: entropy)
        let mixed = [a[0], b.first { $0.last != a[0].last }!]
        #expect(try Shamir.combine(mixed) != secret)
    }

    @Test("invalid inputs are errors")
    func invalid() throws {
        let e = SeededEntropy(seed: 1)
        #expect(throws: ShamirError.emptySecret) { try Shamir.split(secret: [], shares: 2, threshold: 2, entropy: e) }
        #expect(throws: ShamirError.self) { try Shamir.split(secret: [1], shares: 0, threshold: 1, entropy: e) }
        #expect(throws: ShamirError.self) { try Shamir.split(secret: [1], shares: 256, threshold: 2, entropy: e) }
        #expect(throws: ShamirError.self) { try Shamir.split(secret: [1], shares: 3, threshold: 4, entropy: e) }
        #expect(throws: ShamirError.notEnoughShares) { try Shamir.combine([]) }
        #expect(throws: ShamirError.invalidShare("all parts must be the same length")) {
            try Shamir.combine([[1, 2, 3], [1, 2]])
        }
        #expect(throws: ShamirError.invalidShare("duplicate part detected")) { try Shamir.combine([[1, 2], [3, 2]]) }
    }

    @Test("known answer with seeded entropy is stable")
    func knownAnswer() throws {
        let shares = try Shamir.split(secret: [0x42], shares: 3, threshold: 2, entropy: SeededEntropy(seed: 42))
        let again = try Shamir.split(secret: [0x42], shares: 3, threshold: 2, entropy: SeededEntropy(seed: 42))
        #expect(shares == again)
        // y = 0x42 + a*x over GF(2^8): two shares fix the line; the intercept is the secret.
        #expect(try Shamir.combine([shares[0], shares[2]]) == [0x42])
    }

    @Test("GF(2^8) field laws")
    func field() {
        for a in 1...255 {
            #expect(GF256.mul(UInt8(a), GF256.inverse(UInt8(a))) == 1)
        }
        #expect(GF256.mul(0x57, 0x83) == 0xC1)  // FIPS-197 §4.2 example
        var rng = SeededEntropy(seed: 3)
        let samples = rng.bytes(300)
        for i in stride(from: 0, to: 297, by: 3) {
            let (a, b, c) = (samples[i], samples[i + 1], samples[i + 2])
            #expect(GF256.mul(a, b) == GF256.mul(b, a))
            #expect(GF256.mul(a, GF256.add(b, c)) == GF256.add(GF256.mul(a, b), GF256.mul(a, c)))
        }
        _ = rng
    }
}
