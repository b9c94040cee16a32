/// A source of random bytes.
///
/// Everything that needs randomness (keys, nonces, Shamir coefficients, identifiers) takes one,
/// so production code uses ``SystemEntropy`` and tests can inject ``SeededEntropy``.
public protocol EntropySource: Sendable {
    /// `count` random bytes.
    /// - Parameter count: How many bytes to return (zero or more).
    /// - Returns: An array of exactly `count` bytes.
    func bytes(_ count: Int) -> [UInt8]
}
