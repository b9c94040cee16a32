import Crypto
import FoundationEssentials

/// AES-GCM, ChaCha20-Poly1305 and XChaCha20-Poly1305 with transit's rules: a per-context key
/// (HKDF-SHA256) for derived keys, a nonce made from the plaintext for convergent encryption, and
/// the output `nonce || ciphertext || tag`.
enum SymmetricCipher {
    static func key(_ version: KeyVersion, policy: KeyPolicy, context: [UInt8]?) throws -> SymmetricKey {
        guard case .symmetric(let base) = version.material else {
            throw TransitError.badRequest("key type \(policy.type.rawValue) does not support encryption")
        }
        guard policy.derived else { return base }
        guard let context, !context.isEmpty else {
            throw TransitError.badRequest("missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key")
        }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: base, info: context, outputByteCount: policy.type.symmetricKeySize)
    }

    static func nonceSize(_ type: TransitKeyType) -> Int { type == .xchacha20 ? XChaCha20Poly1305.nonceSize : 12 }

    static func encrypt(
        _ plaintext: [UInt8], key: SymmetricKey, type: TransitKeyType, convergent: Bool, associatedData: [UInt8]?
    ) throws -> [UInt8] {
        let size = nonceSize(type)
        // Convergent: the nonce is a MAC of the plaintext under the (per-context) key, so the same
        // plaintext and context always give the same ciphertext, and nothing else does.
        let nonce: [UInt8] =
            convergent
            ? Array(Array(HMAC<SHA256>.authenticationCode(for: plaintext, using: key)).prefix(size))
            : SymmetricKey(size: .init(bitCount: size * 8)).withUnsafeBytes { Array($0) }
        let ad = associatedData ?? []
        do {
            switch type {
            case .aes128, .aes256:
                let box = try AES.GCM.seal(plaintext, using: key, nonce: try AES.GCM.Nonce(data: nonce), authenticating: ad)
                return nonce + Array(box.ciphertext) + Array(box.tag)
            case .chacha20:
                let box = try ChaChaPoly.seal(plaintext, using: key, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: ad)
                return nonce + Array(box.ciphertext) + Array(box.tag)
            case .xchacha20:
                return try XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, authenticating: ad)
            default:
                throw TransitError.badRequest("key type \(type.rawValue) does not support encryption")
            }
        } catch is CryptoKitError {
            throw TransitError.internalError("failed to encrypt")
        }
    }

    static func decrypt(_ blob: [UInt8], key: SymmetricKey, type: TransitKeyType, associatedData: [UInt8]?) throws -> [UInt8] {
        guard blob.count >= nonceSize(type) + 16 else { throw TransitError.badRequest("invalid ciphertext: too short") }
        let ad = associatedData ?? []
        do {
            switch type {
            case .aes128, .aes256:
                return Array(try AES.GCM.open(try AES.GCM.SealedBox(combined: blob), using: key, authenticating: ad))
            case .chacha20:
                return Array(try ChaChaPoly.open(try ChaChaPoly.SealedBox(combined: blob), using: key, authenticating: ad))
            case .xchacha20:
                return try XChaCha20Poly1305.open(blob, key: key, authenticating: ad)
            default:
                throw TransitError.badRequest("key type \(type.rawValue) does not support decryption")
            }
        } catch is CryptoKitError {
            throw TransitError.badRequest("cipher: message authentication failed")
        }
    }
}
