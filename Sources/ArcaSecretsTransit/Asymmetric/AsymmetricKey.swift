/// The asymmetric key types of transit.
public enum AsymmetricKeyType: String, Sendable, CaseIterable {
    case ed25519
    case ecdsaP256 = "ecdsa-p256"
    case ecdsaP384 = "ecdsa-p384"
    case ecdsaP521 = "ecdsa-p521"
    case rsa2048 = "rsa-2048"
    case rsa3072 = "rsa-3072"
    case rsa4096 = "rsa-4096"

    var isRSA: Bool { self == .rsa2048 || self == .rsa3072 || self == .rsa4096 }
}

/// How a signature is made or checked (the request fields of `sign` / `verify`).
public struct SignatureOptions: Sendable, Equatable {
    /// `sha1`, `sha2-224`, `sha2-256`, `sha2-384`, `sha2-512`, `sha3-*` where supported, `none`
    /// (input is signed as given; RSA PKCS#1 v1.5 and ECDSA only).
    public var hashAlgorithm: String
    /// `pss` or `pkcs1v15` (RSA only).
    public var signatureAlgorithm: String
    /// `asn1` or `jws` (ECDSA only; jws is r||s fixed width).
    public var marshalingAlgorithm: String
    /// The input is already a digest of `hashAlgorithm`.
    public var prehashed: Bool
    /// RSA-PSS salt length: `auto`, `hash`, or a number as text.
    public var saltLength: String

    public init(
        hashAlgorithm: String = "sha2-256", signatureAlgorithm: String = "pss", marshalingAlgorithm: String = "asn1",
        prehashed: Bool = false, saltLength: String = "auto"
    ) {
        self.hashAlgorithm = hashAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.marshalingAlgorithm = marshalingAlgorithm
        self.prehashed = prehashed
        self.saltLength = saltLength
    }
}

/// Why an asymmetric operation was refused. The message is safe to return to a client.
public struct AsymmetricKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The private key of one key version: generated, stored, used to sign, and exported.
/// Implementations decode the stored form once; the value is then reused for every request.
public struct AsymmetricKey: Sendable {
    public let type: AsymmetricKeyType

    /// A new random key of `type`.
    public static func generate(_ type: AsymmetricKeyType) throws(AsymmetricKeyError) -> AsymmetricKey {
        throw AsymmetricKeyError("not implemented")
    }

    /// Rebuilds a key from `storedForm` (what `storedForm` returned earlier).
    public init(type: AsymmetricKeyType, storedForm: [UInt8]) throws(AsymmetricKeyError) {
        throw AsymmetricKeyError("not implemented")
    }

    /// Bytes to persist for this key (PKCS#8 DER for RSA/ECDSA, the 32-byte seed for Ed25519).
    public var storedForm: [UInt8] { [] }

    /// Signs `input` (the message, or its digest when `options.prehashed`).
    public func sign(_ input: [UInt8], options: SignatureOptions) throws(AsymmetricKeyError) -> [UInt8] {
        throw AsymmetricKeyError("not implemented")
    }

    /// Checks `signature` over `input`; false for a signature that does not verify.
    public func verify(_ signature: [UInt8], input: [UInt8], options: SignatureOptions) throws(AsymmetricKeyError)
        -> Bool
    {
        throw AsymmetricKeyError("not implemented")
    }

    /// The public key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo), as `keys/<name>` shows it
    /// (for Ed25519 Vault shows the raw public key base64; see `publicKeyForRead`).
    public var publicKeyPEM: String { "" }

    /// What `GET keys/<name>` lists under `keys.<version>.public_key`: PEM for RSA/ECDSA,
    /// base64 of the raw 32 bytes for Ed25519.
    public var publicKeyForRead: String { "" }

    /// What `export/signing-key/<name>` returns for this version (PEM PKCS#8/SEC1/PKCS#1 as Vault
    /// exports each type; base64 of seed||public for Ed25519).
    public var exportedPrivateKey: String { "" }
}
