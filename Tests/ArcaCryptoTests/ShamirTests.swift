import ArcaCrypto
import Testing

@Suite("Shamir secret sharing")
struct ShamirTests {
    static let parameters: [(shares: Int, threshold: Int)] = [(1, 1), (2, 1), (2, 2), (3, 2), (5, 3), (5, 5), (10, 7)]
    static let lengths = [1, 32, 33, 1000]

    static func split(_ secret: [UInt8], _ shares: Int, _ threshold: Int, seed: UInt64 = 1) throws -> [[UInt8]] {
        try Shamir.split(secret: secret, shares: shares, threshold: threshold, entropy: SeededEntropy(seed: seed))
    }

    @Test("splits and recombines", arguments: parameters, lengths)
    func roundTrip(parameters: (shares: Int, threshold: Int), length: Int) throws {
        let (count, threshold) = parameters
        let secret = SeededEntropy(seed: UInt64(length)).bytes(length)
        let shares = try Self.split(secret, count, threshold, seed: UInt64(count * 1000 + threshold))
        #expect(shares.count == count)
        #expect(shares.allSatisfy { $0.count == length + 1 })
        let xs = shares.map { $0[length] }
        #expect(Set(xs).count == count && !xs.contains(0))
        #expect(try Shamir.combine(Array(shares.prefix(threshold))) == secret)
        #expect(try Shamir.combine(Array(shares.suffix(threshold).reversed())) == secret)
        #expect(try Shamir.combine(shares) == secret)
    }

    @Test("threshold 1 shares hold the secret itself")
    func thresholdOne() throws {
        let shares = try Self.split([7, 8, 9], 3, 1)
        for share in shares {
            #expect(Array(share.prefix(3)) == [7, 8, 9])
            #expect(try Shamir.combine([share]) == [7, 8, 9])
        }
    }

    @Test("255 shares, threshold 255")
    func maximum() throws {
        let secret: [UInt8] = [0xA5, 0x00]
        let shares = try Self.split(secret, 255, 255)
        #expect(Set(shares.map { $0[2] }) == Set(1...255))
        #expect(try Shamir.combine(shares.reversed()) == secret)
        #expect(try Shamir.combine(Array(shares.dropFirst())) != secret)
    }

    @Test("every subset of at least the threshold recovers", arguments: [(4, 2), (5, 3), (6, 4)])
    func everySubset(count: Int, threshold: Int) throws {
        let secret = SeededEntropy(seed: 99).bytes(32)
        let shares = try Self.split(secret, count, threshold)
        let subsets = TestBytes.subsets(of: count, minimum: threshold)
        let failures = try subsets.filter { try Shamir.combine($0.reversed().map { shares[$0] }) != secret }
        #expect(failures.isEmpty)
    }

    @Test("threshold − 1 shares give a different value", arguments: [(2, 2), (5, 3), (10, 7)])
    func belowThreshold(count: Int, threshold: Int) throws {
        let secret = SeededEntropy(seed: 5).bytes(32)
        let shares = try Self.split(secret, count, threshold)
        for subset in TestBytes.subsets(of: count, minimum: threshold - 1) where subset.count == threshold - 1 && !subset.isEmpty {
            #expect(try Shamir.combine(subset.map { shares[$0] }) != secret)
        }
    }

    @Test("mixing shares of two splits gives a different value")
    func mixedSplits() throws {
        let secret = SeededEntropy(seed: 8).bytes(32)
        let first = try Self.split(secret, 5, 3, seed: 1)
        let second = try Self.split(secret, 5, 3, seed: 2)
        let mixed = [first[0], first[1]] + second.filter { share in !first.prefix(2).contains { $0.last == share.last } }.prefix(1)
        #expect(mixed.count == 3)
        #expect(try Shamir.combine(mixed) != secret)
    }

    @Test("combines hand-computed shares of known polynomials")
    func knownPolynomials() throws {
        // f(x) = 0x42 + 0x13·x: f(1) = 0x51, f(2) = 0x42 ^ 0x26 = 0x64.
        #expect(try Shamir.combine([[0x51, 1], [0x64, 2]]) == [0x42])
        // f(x) = 0x01 + 0x57·x + 0x83·x², by hand: 2·2 = 4, 3·3 = 5 (3·2 ^ 3);
        // 0x57·2 = 0xAE, 0x57·3 = 0xAE ^ 0x57 = 0xF9; 0x83·2 = 0x1D, 0x83·4 = 0x3A, 0x83·5 = 0x3A ^ 0x83 = 0xB9.
        let x: UInt8 = 0x02
        let f2: UInt8 = 0x01 ^ 0xAE ^ 0x3A
        let f3: UInt8 = 0x01 ^ 0xF9 ^ 0xB9
        #expect(try Shamir.combine([[0x01 ^ 0x57 ^ 0x83, 1], [f2, x], [f3, 3]]) == [0x01])
    }

    @Test("known answer with seeded entropy")
    func knownAnswer() throws {
        let shares = try Self.split([0x00, 0x01, 0xFF], 3, 2, seed: 42)
        #expect(shares.map(TestBytes.hex) == Self.expectedKnownAnswer)
        #expect(try Shamir.combine([shares[2], shares[0]]) == [0x00, 0x01, 0xFF])
    }

    /// Cross-checked against an independent Python model of SplitMix64, the coordinate shuffle and
    /// the GF(2^8) polynomial evaluation.
    static let expectedKnownAnswer = ["a228ae96", "f2438605", "4b0f5755"]

    @Test("invalid split parameters are errors", arguments: [(1, 0, 1), (1, 256, 2), (1, 3, 4), (1, 3, 0), (1, -1, 1), (0, 2, 2)])
    func invalidSplit(length: Int, count: Int, threshold: Int) {
        #expect(throws: ShamirError.self) {
            try Shamir.split(secret: [UInt8](repeating: 1, count: length), shares: count, threshold: threshold, entropy: SeededEntropy(seed: 1))
        }
    }

    @Test("split errors are specific")
    func splitErrors() {
        let entropy = SeededEntropy(seed: 1)
        #expect(throws: ShamirError.emptySecret) { try Shamir.split(secret: [], shares: 2, threshold: 2, entropy: entropy) }
        #expect(throws: ShamirError.invalidShareCount(256)) { try Shamir.split(secret: [1], shares: 256, threshold: 2, entropy: entropy) }
        #expect(throws: ShamirError.invalidThreshold(4, shares: 3)) { try Shamir.split(secret: [1], shares: 3, threshold: 4, entropy: entropy) }
    }

    @Test("combine rejects malformed share sets")
    func combineErrors() {
        #expect(throws: ShamirError.noShares) { try Shamir.combine([]) }
        #expect(throws: ShamirError.shareTooShort) { try Shamir.combine([[1], [2]]) }
        #expect(throws: ShamirError.shareTooShort) { try Shamir.combine([[]]) }
        #expect(throws: ShamirError.inconsistentShareLengths) { try Shamir.combine([[1, 2, 3], [1, 2]]) }
        #expect(throws: ShamirError.duplicateCoordinate) { try Shamir.combine([[1, 2], [3, 2]]) }
        #expect(throws: ShamirError.zeroCoordinate) { try Shamir.combine([[1, 0], [3, 2]]) }
        #expect(ShamirError.duplicateCoordinate.description == "duplicate part detected")
    }
}
