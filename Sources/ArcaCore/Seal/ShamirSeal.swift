import ArcaCrypto

/// The Shamir seal: operators' shares rebuild a 256-bit key-encryption key, which opens the root
/// key stored AES-256-GCM encrypted at `core/seal/root-key`. Rekeying only re-wraps the root key,
/// so the keyring and data are untouched.
package struct ShamirSeal: Seal {
    let entropy: any EntropySource

    package init(entropy: any EntropySource) { self.entropy = entropy }

    package static let typeName = "shamir"
    package var type: String { Self.typeName }
    package var needsShares: Bool { true }

    package func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8] {
        guard let shareKey else { throw SealError.invalidShare("no key-encryption key") }
        return rootKey.withUnsafeBytes { raw in
            CellCipher.seal(
                plaintext: Array(raw), key: shareKey, term: 0,
                associatedData: Array(RootKeyStorage.path.utf8), entropy: entropy)
        }
    }

    package func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes {
        guard let shareKey else { throw SealError.invalidShare("no key-encryption key") }
        do {
            let raw = try CellCipher.open(blob, associatedData: Array(RootKeyStorage.path.utf8)) { term in
                term == 0 ? shareKey : nil
            }
            return SecretBytes(raw)
        } catch {
            throw SealError.wrongShares("failed to decrypt the root key: message authentication failed")
        }
    }
}
