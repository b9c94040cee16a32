/// Shamir's secret sharing over GF(2^8), byte by byte.
///
/// Each share is the polynomial values for every secret byte followed by one byte holding the
/// share's x coordinate (distinct, non-zero), so a 32-byte secret gives 33-byte shares.
public enum Shamir {
    /// Splits `secret` into `shares` parts, any `threshold` of which rebuild it.
    public static func split(secret: [UInt8], shares: Int, threshold: Int, entropy: any EntropySource) throws(ShamirError)
        -> [[UInt8]]
    {
        guard !secret.isEmpty else { throw .emptySecret }
        guard (1...255).contains(shares) else { throw .invalidParameters("shares must be between 1 and 255") }
        guard (1...shares).contains(threshold) else {
            throw .invalidParameters("threshold must be between 1 and the number of shares")
        }
        let xs = distinctCoordinates(count: shares, entropy: entropy)
        var out = xs.map { x -> [UInt8] in
            var share = [UInt8](repeating: 0, count: secret.count + 1)
            share[secret.count] = x
            return share
        }
        for (index, byte) in secret.enumerated() {
            // Coefficients: constant term is the secret byte, the rest random.
            var coefficients = [byte] + entropy.bytes(threshold - 1)
            for s in 0..<shares {
                out[s][index] = evaluate(coefficients, at: xs[s])
            }
            coefficients.withUnsafeMutableBytes { SecureZero.zero($0) }
        }
        return out
    }

    /// Rebuilds the secret from shares made by `split`. With fewer than the threshold, or
    /// shares of different splits, the result is a different, wrong value — never an error.
    public static func combine(_ shares: [[UInt8]]) throws(ShamirError) -> [UInt8] {
        guard let first = shares.first else { throw .notEnoughShares }
        guard first.count >= 2 else { throw .invalidShare("shares must be at least 2 bytes") }
        guard shares.allSatisfy({ $0.count == first.count }) else {
            throw .invalidShare("all parts must be the same length")
        }
        let xs = shares.map { $0[$0.count - 1] }
        guard Set(xs).count == xs.count else { throw .invalidShare("duplicate part detected") }
        guard !xs.contains(0) else { throw .invalidShare("a part has x coordinate zero") }
        let length = first.count - 1
        var secret = [UInt8](repeating: 0, count: length)
        for i in 0..<length {
            secret[i] = interpolateAtZero(xs: xs, ys: shares.map { $0[i] })
        }
        return secret
    }

    private static func evaluate(_ coefficients: [UInt8], at x: UInt8) -> UInt8 {
        var result: UInt8 = 0
        for c in coefficients.reversed() {
            result = GF256.add(GF256.mul(result, x), c)
        }
        return result
    }

    /// Lagrange interpolation of the polynomial through (xs, ys), evaluated at 0.
    private static func interpolateAtZero(xs: [UInt8], ys: [UInt8]) -> UInt8 {
        var result: UInt8 = 0
        for i in xs.indices {
            var basis: UInt8 = 1
            for j in xs.indices where j != i {
                // (0 - xj) / (xi - xj) in characteristic 2 is xj / (xi ^ xj).
                basis = GF256.mul(basis, GF256.div(xs[j], GF256.add(xs[i], xs[j])))
            }
            result = GF256.add(result, GF256.mul(ys[i], basis))
        }
        return result
    }

    /// `count` distinct non-zero x coordinates in random order (a partial Fisher–Yates shuffle).
    private static func distinctCoordinates(count: Int, entropy: any EntropySource) -> [UInt8] {
        var pool = (1...255).map { UInt8($0) }
        for i in 0..<count {
            let remaining = pool.count - i
            let pick = i + uniform(below: remaining, entropy: entropy)
            pool.swapAt(i, pick)
        }
        return Array(pool.prefix(count))
    }

    private static func uniform(below bound: Int, entropy: any EntropySource) -> Int {
        let limit = UInt16.max - UInt16.max % UInt16(bound)
        while true {
            let b = entropy.bytes(2)
            let v = UInt16(b[0]) << 8 | UInt16(b[1])
            if v < limit { return Int(v % UInt16(bound)) }
        }
    }
}

/// Why shares could not be made or combined.
public enum ShamirError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptySecret
    case invalidParameters(String)
    case notEnoughShares
    case invalidShare(String)

    public var description: String {
        switch self {
        case .emptySecret: "cannot split an empty secret"
        case .invalidParameters(let m): m
        case .notEnoughShares: "less than two parts cannot be used to reconstruct the secret"
        case .invalidShare(let m): m
        }
    }
}
