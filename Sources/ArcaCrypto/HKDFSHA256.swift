internal import Crypto

/// HKDF with SHA-256 (RFC 5869): derives subkeys from a key, so that one secret can key several
/// purposes without reuse.
public enum HKDFSHA256 {
    /// The most bytes one derivation can produce (255 blocks of 32 bytes).
    public static let maximumLength = 255 * 32

    /// Extracts and expands `key` into `length` bytes.
    /// - Parameters:
    ///   - key: The input key material.
    ///   - salt: An optional non-secret salt; empty means a salt of zeros, as in RFC 5869.
    ///   - info: Context that binds the output to its purpose.
    ///   - length: The output length, 1 through ``maximumLength``; anything else traps.
    /// - Returns: The derived key.
    public static func derive(key: SecretBytes, salt: [UInt8] = [], info: [UInt8], length: Int) -> SecretBytes {
        precondition((1...maximumLength).contains(length), "HKDF-SHA256 output length out of range")
        let inputKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: inputKey, salt: salt, info: info, outputByteCount: length)
        return derived.withUnsafeBytes { SecretBytes(copying: $0) }
    }
}
