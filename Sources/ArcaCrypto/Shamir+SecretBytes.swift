/// Shamir's secret sharing of key material held in ``SecretBytes``, with no plaintext copy of the
/// secret left behind in an array.
extension Shamir {
    /// Splits the bytes of `secret`; the temporary copy handed to the arithmetic is zeroed.
    /// - Returns: The shares, as ``split(secret:shares:threshold:entropy:)`` makes them.
    public static func split(
        _ secret: SecretBytes,
        shares: Int,
        threshold: Int,
        entropy: any EntropySource = SystemEntropy()
    ) throws(ShamirError) -> [[UInt8]] {
        var plain = secret.withUnsafeBytes { [UInt8]($0) }
        defer { SecureZero.zero(&plain) }
        return try split(secret: plain, shares: shares, threshold: threshold, entropy: entropy)
    }

    /// Rebuilds a secret into ``SecretBytes``; the array the arithmetic fills is zeroed.
    /// - Throws: What ``combine(_:)`` throws.
    public static func combineSecret(_ shares: [[UInt8]]) throws(ShamirError) -> SecretBytes {
        var plain = try combine(shares)
        defer { SecureZero.zero(&plain) }
        return SecretBytes(plain)
    }
}
