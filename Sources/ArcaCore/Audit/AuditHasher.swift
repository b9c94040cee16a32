import ArcaCrypto
import ArcaSDK
import ArcaWire

/// HMAC-SHA256 under a device's salt, rendered as Vault renders it: `hmac-sha256:<hex>`.
/// Every string inside a value is hashed, at any depth; numbers, booleans and nulls are kept,
/// as Vault keeps them.
package struct AuditHasher: Sendable {
    package static let prefix = "hmac-sha256:"

    private let salt: SecretBytes
    /// The salt prepared for HMAC once: an entry hashes each of its strings.
    private let key: AuthCrypto.HMACSHA256.Key

    package init(salt: SecretBytes) {
        self.salt = salt
        key = salt.withUnsafeBytes { AuthCrypto.HMACSHA256.Key($0) }
    }

    /// The hash of one string.
    package func hash(_ text: String) -> String { Self.prefix + key.hex(text.utf8) }

    /// Wipes the salt and its prepared form (the device is gone, or the server seals).
    package func zeroize() {
        salt.zeroize()
        key.zeroize()
    }

    /// `value` with every string replaced by its hash, recursively.
    package func hashStrings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): .string(hash(s))
        case .array(let items): .array(items.map(hashStrings))
        case .object(let members): .object(members.mapValues(hashStrings))
        case .null, .bool, .number: value
        }
    }

    /// An object's members with every string hashed.
    package func hashStrings(_ object: [String: JSONValue]) -> [String: JSONValue] {
        object.mapValues(hashStrings)
    }
}
