import ArcaCrypto

/// The Shamir seal: operators' shares rebuild a 256-bit key-encryption key, which opens the root
/// key stored AES-256-GCM encrypted at `core/seal/root-key`. Rekeying makes a new root key (the
/// keyring is re-encrypted under it) and wraps it under a new share key.
package struct ShamirSeal: Seal {
    let entropy: any EntropySource

    package init(entropy: any EntropySource) { self.entropy = entropy }

    package static let typeName = "shamir"
    package var type: String { Self.typeName }
    package var needsShares: Bool { true }

    package func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8] {
        guard let shareKey else { throw SealError.invalidShare("no key-encryption key") }
        var plain = rootKey.withUnsafeBytes { [UInt8]($0) }
        defer { SecureZero.zero(&plain) }
        return CellCipher.seal(
            plaintext: plain, key: shareKey, term: 0, associatedData: Array(RootKeyStorage.path.utf8), entropy: entropy)
    }

    package func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes {
        guard let shareKey else { throw SealError.invalidShare("no key-encryption key") }
        do {
            var raw = try CellCipher.open(blob, associatedData: Array(RootKeyStorage.path.utf8)) { term in
                term == 0 ? shareKey : nil
            }
            defer { SecureZero.zero(&raw) }
            return SecretBytes(raw)
        } catch {
            throw SealError.wrongShares("failed to decrypt the root key: message authentication failed")
        }
    }
}
