/// Every key type transit offers, with what each can do.
enum TransitKeyType: String, Sendable, CaseIterable {
    case aes128 = "aes128-gcm96"
    case aes256 = "aes256-gcm96"
    case chacha20 = "chacha20-poly1305"
    case xchacha20 = "xchacha20-poly1305"
    case ed25519
    case ecdsaP256 = "ecdsa-p256"
    case ecdsaP384 = "ecdsa-p384"
    case ecdsaP521 = "ecdsa-p521"
    case rsa2048 = "rsa-2048"
    case rsa3072 = "rsa-3072"
    case rsa4096 = "rsa-4096"
    case hmac

    var asymmetric: AsymmetricKeyType? { AsymmetricKeyType(rawValue: rawValue) }
    var isSymmetricCipher: Bool { self == .aes128 || self == .aes256 || self == .chacha20 || self == .xchacha20 }
    var isRSA: Bool { asymmetric?.isRSA ?? false }
    var supportsEncryption: Bool { isSymmetricCipher || isRSA }
    var supportsSigning: Bool { asymmetric != nil }
    var supportsDerivation: Bool { isSymmetricCipher || self == .ed25519 }
    /// Key bytes of a symmetric cipher.
    var symmetricKeySize: Int { self == .aes128 ? 16 : 32 }
}
