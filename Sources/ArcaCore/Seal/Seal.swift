import ArcaCrypto

/// Protects the root key at rest. Shamir rebuilds a key-encryption key from operators' shares;
/// an auto-unseal seal (KMS, transit) wraps the root key with a key it holds elsewhere.
package protocol Seal: Sendable {
    /// The type reported in `sys/seal-status` (`shamir`, `awskms`, `transit`).
    var type: String { get }
    /// Whether unsealing needs key shares from operators.
    var needsShares: Bool { get }
    /// Encrypts the root key for storage. `shareKey` is the key rebuilt from shares (Shamir only).
    func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8]
    /// Decrypts the stored root key; throws when the key is wrong or the blob was altered.
    func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes
}

/// Physical location of the wrapped root key.
package enum RootKeyStorage {
    package static let path = "core/seal/root-key"
}
