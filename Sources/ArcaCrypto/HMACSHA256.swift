internal import Crypto

/// HMAC-SHA256 (RFC 2104), so other modules need not import Crypto.
public enum HMACSHA256 {
    /// The length of a MAC in bytes.
    public static let byteCount = 32

    /// The MAC of `message` under `key`.
    /// - Parameters:
    ///   - key: The key, any length.
    ///   - message: The bytes to authenticate.
    /// - Returns: 32 bytes.
    public static func hmac(key: SecretBytes, message: [UInt8]) -> [UInt8] {
        let symmetricKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
    }

    /// The MAC of `message` under a key held in an array (for non-secret keys and test vectors).
    /// - Parameters:
    ///   - key: The key, any length.
    ///   - message: The bytes to authenticate.
    /// - Returns: 32 bytes.
    public static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// The MAC of `message` under `key`, as 64 lowercase hex digits (the form Vault's audit log
    /// uses after its `hmac-sha256:` prefix).
    /// - Parameters:
    ///   - key: The key.
    ///   - message: The bytes to authenticate.
    /// - Returns: The hex string.
    public static func hex(key: SecretBytes, message: [UInt8]) -> String {
        Hex.encode(hmac(key: key, message: message))
    }

    /// Whether `mac` is the MAC of `message` under `key`, compared in constant time.
    /// - Parameters:
    ///   - mac: The MAC to check.
    ///   - key: The key.
    ///   - message: The authenticated bytes.
    /// - Returns: `true` when the MAC matches.
    public static func isValid(_ mac: [UInt8], key: SecretBytes, message: [UInt8]) -> Bool {
        ConstantTime.equals(hmac(key: key, message: message), mac)
    }
}
