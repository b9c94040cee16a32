import Crypto

/// HMAC-SHA256, so other modules need not import Crypto.
public enum HMACSHA256 {
    public static func authenticationCode(key: SecretBytes, message: [UInt8]) -> [UInt8] {
        let symmetric = key.withUnsafeBytes { SymmetricKey(data: $0) }
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetric))
    }

    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}

/// SHA-256 digests.
public enum SHA256Digest {
    public static func hash(_ data: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: data)) }
}

/// HKDF with SHA-256 (RFC 5869).
public enum HKDFSHA256 {
    public static func derive(key: SecretBytes, salt: [UInt8], info: [UInt8], length: Int) -> SecretBytes {
        let input = key.withUnsafeBytes { SymmetricKey(data: $0) }
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: input, salt: salt, info: info, outputByteCount: length)
        return SecretBytes(derived.withUnsafeBytes { Array($0) })
    }
}
