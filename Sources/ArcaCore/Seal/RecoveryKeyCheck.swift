import ArcaCrypto

/// Proof, readable while sealed, that a key rebuilt from recovery shares is the recovery key:
/// a fixed marker sealed with AES-256-GCM under that key at `core/seal/recovery-check`. The blob
/// reveals nothing about the key; only the right key opens it. The recovery key itself is never
/// stored.
package enum RecoveryKeyCheck {
    package static let path = "core/seal/recovery-check"
    private static let marker = Array("arca recovery key check v1".utf8)

    package static func make(for key: SecretBytes, entropy: any EntropySource) -> [UInt8] {
        CellCipher.seal(plaintext: marker, key: key, term: 0, associatedData: Array(path.utf8), entropy: entropy)
    }

    package static func matches(_ blob: [UInt8], key: SecretBytes) -> Bool {
        let opened = try? CellCipher.open(blob, associatedData: Array(path.utf8)) { term in term == 0 ? key : nil }
        return opened == marker
    }
}
