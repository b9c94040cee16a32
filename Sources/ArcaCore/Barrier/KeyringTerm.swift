import ArcaCrypto
import FoundationEssentials

/// One encryption key of the keyring, identified by its term.
package struct KeyringTerm: Sendable {
    /// The term number written in every ciphertext made with this key.
    package let term: UInt32
    /// The AES-256 key.
    package let key: SecretBytes
    /// When the term was installed.
    package let installTime: Date
}
