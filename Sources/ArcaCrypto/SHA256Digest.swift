internal import Crypto

/// SHA-256 (FIPS 180-4), so other modules need not import Crypto.
public enum SHA256Digest {
    /// The length of a digest in bytes.
    public static let byteCount = 32

    /// The digest of `data`.
    /// - Parameter data: The bytes to hash.
    /// - Returns: 32 bytes.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: data))
    }

    /// The digest of the UTF-8 bytes of `string`.
    /// - Parameter string: The text to hash.
    /// - Returns: 32 bytes.
    public static func hash(_ string: String) -> [UInt8] {
        hash(Array(string.utf8))
    }

    /// The digest of `data` as 64 lowercase hex digits.
    /// - Parameter data: The bytes to hash.
    /// - Returns: The hex string.
    public static func hex(_ data: [UInt8]) -> String {
        Hex.encode(hash(data))
    }
}
