/// Shamir's secret sharing over GF(2^8), one polynomial per secret byte: the share format of
/// Vault and OpenBao unseal keys.
///
/// A share is the polynomials' values at one point followed by that point's x coordinate, so a
/// 32-byte secret gives 33-byte shares. The coordinates are distinct, non-zero and in random
/// order. Any `threshold` shares rebuild the secret; fewer reveal nothing about it.
public enum Shamir {
    /// The largest number of shares: the number of non-zero field elements.
    public static let maximumShares = 255

    /// Splits `secret` into `shares` shares, any `threshold` of which rebuild it.
    ///
    /// With `threshold` 1 every share holds the secret itself (followed by its x coordinate).
    /// - Parameters:
    ///   - secret: The bytes to split; not empty.
    ///   - shares: How many shares to make, 1 through 255.
    ///   - threshold: How many shares rebuild the secret, 1 through `shares`.
    ///   - entropy: The source of the random coefficients and coordinates.
    /// - Returns: `shares` arrays of `secret.count + 1` bytes each.
    /// - Throws: ``ShamirError`` when the parameters are out of range.
    public static func split(
        secret: [UInt8],
        shares: Int,
        threshold: Int,
        entropy: any EntropySource = SystemEntropy()
    ) throws(ShamirError) -> [[UInt8]] {
        guard !secret.isEmpty else { throw .emptySecret }
        guard (1...maximumShares).contains(shares) else { throw .invalidShareCount(shares) }
        guard (1...shares).contains(threshold) else { throw .invalidThreshold(threshold, shares: shares) }

        let xs = randomCoordinates(count: shares, entropy: entropy)
        let degree = threshold - 1
        // Row `index` holds the non-constant coefficients of the polynomial for secret[index].
        var coefficients = entropy.bytes(secret.count * degree)
        defer { SecureZero.zero(&coefficients) }

        var result = xs.map { x in
            var share = [UInt8](repeating: 0, count: secret.count + 1)
            share[secret.count] = x
            return share
        }
        for index in secret.indices {
            let row = index * degree
            for shareIndex in 0..<shares {
                // Horner's rule, from the highest coefficient down to the secret byte.
                let x = xs[shareIndex]
                var y: UInt8 = 0
                var power = degree
                while power > 0 {
                    y = GF256.add(GF256.multiply(y, x), coefficients[row + power - 1])
                    power -= 1
                }
                result[shareIndex][index] = GF256.add(GF256.multiply(y, x), secret[index])
            }
        }
        return result
    }

    /// Rebuilds a secret from shares made by ``split(secret:shares:threshold:entropy:)``.
    ///
    /// The shares cannot be checked for membership of one split: fewer shares than the threshold,
    /// or shares of different splits, give a wrong value, not an error. Callers verify the result
    /// (for example by opening something encrypted under it).
    /// - Parameter shares: One or more shares, in any order.
    /// - Returns: The secret, one byte shorter than each share.
    /// - Throws: ``ShamirError`` when no share is given, when the shares are shorter than two
    ///   bytes or of different lengths, or when two shares have the same x coordinate.
    public static func combine(_ shares: [[UInt8]]) throws(ShamirError) -> [UInt8] {
        guard let first = shares.first else { throw .noShares }
        guard first.count >= 2 else { throw .shareTooShort }
        guard shares.allSatisfy({ $0.count == first.count }) else { throw .inconsistentShareLengths }
        let length = first.count - 1
        let xs = shares.map { $0[length] }
        try checkCoordinates(xs)

        let weights = lagrangeWeightsAtZero(xs)
        var secret = [UInt8](repeating: 0, count: length)
        for index in 0..<length {
            var value: UInt8 = 0
            for shareIndex in shares.indices {
                value = GF256.add(value, GF256.multiply(shares[shareIndex][index], weights[shareIndex]))
            }
            secret[index] = value
        }
        return secret
    }

    /// Rejects a zero coordinate (never produced by `split`; it would be the secret itself) and
    /// repeated coordinates (the interpolation would divide by zero).
    private static func checkCoordinates(_ xs: [UInt8]) throws(ShamirError) {
        var seen = [Bool](repeating: false, count: 256)
        for x in xs {
            guard x != 0 else { throw .zeroCoordinate }
            guard !seen[Int(x)] else { throw .duplicateCoordinate }
            seen[Int(x)] = true
        }
    }

    /// The Lagrange basis polynomials of the points `xs`, evaluated at zero:
    /// `w_i = Π_{j≠i} x_j / (x_i - x_j)`, so that `f(0) = Σ y_i · w_i`.
    ///
    /// The coordinates are public, so these are computed once and not per byte.
    private static func lagrangeWeightsAtZero(_ xs: [UInt8]) -> [UInt8] {
        xs.indices.map { i in
            var numerator: UInt8 = 1
            var denominator: UInt8 = 1
            for j in xs.indices where j != i {
                numerator = GF256.multiply(numerator, xs[j])
                denominator = GF256.multiply(denominator, GF256.add(xs[i], xs[j]))
            }
            return GF256.divide(numerator, denominator)
        }
    }

    /// `count` distinct non-zero coordinates in random order: the head of a Fisher–Yates shuffle
    /// of 1…255.
    private static func randomCoordinates(count: Int, entropy: any EntropySource) -> [UInt8] {
        var pool = (1...UInt8(maximumShares)).map { $0 }
        for index in 0..<count {
            let pick = index + uniformIndex(below: pool.count - index, entropy: entropy)
            pool.swapAt(index, pick)
        }
        return Array(pool.prefix(count))
    }

    /// A uniform integer in `0..<bound` (`bound` ≤ 256), by rejection sampling of single bytes.
    private static func uniformIndex(below bound: Int, entropy: any EntropySource) -> Int {
        let limit = 256 - 256 % bound
        while true {
            let byte = Int(entropy.bytes(1)[0])
            if byte < limit { return byte % bound }
        }
    }
}
