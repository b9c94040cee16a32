import ArcaSDK
import Crypto
import CryptoExtras
import FoundationEssentials

/// The asymmetric key types of transit.
enum AsymmetricKeyType: String, Sendable, CaseIterable {
    case ed25519
    case ecdsaP256 = "ecdsa-p256"
    case ecdsaP384 = "ecdsa-p384"
    case ecdsaP521 = "ecdsa-p521"
    case rsa2048 = "rsa-2048"
    case rsa3072 = "rsa-3072"
    case rsa4096 = "rsa-4096"

    var isRSA: Bool { self == .rsa2048 || self == .rsa3072 || self == .rsa4096 }

    /// The `name` OpenBao shows for a version of this type in `keys/<name>`.
    var curveName: String {
        switch self {
        case .ed25519: "ed25519"
        case .ecdsaP256: "P-256"
        case .ecdsaP384: "P-384"
        case .ecdsaP521: "P-521"
        case .rsa2048: "rsa-2048"
        case .rsa3072: "rsa-3072"
        case .rsa4096: "rsa-4096"
        }
    }
}

/// How a signature is made or checked (the request fields of `sign` / `verify`).
struct SignatureOptions: Sendable, Equatable {
    /// The digest signed (ECDSA and RSA; Ed25519 signs the message itself).
    var hashAlgorithm: HashAlgorithm
    /// `pss` or `pkcs1v15` (RSA only).
    var signatureAlgorithm: String
    /// `asn1` or `jws` (ECDSA only; jws is r||s fixed width).
    var marshalingAlgorithm: String
    /// The input is already a digest of `hashAlgorithm` (Ed25519 ignores it and signs the input
    /// as the message, as OpenBao does).
    var prehashed: Bool
    /// RSA-PSS salt length: `auto` or `hash` (the digest length is used for both).
    var saltLength: String

    init(
        hashAlgorithm: HashAlgorithm = .sha256, signatureAlgorithm: String = "pss", marshalingAlgorithm: String = "asn1",
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
struct AsymmetricKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The private key of one key version: generated, stored, used to sign, and exported. The stored
/// form is decoded once; the value is then reused for every request.
struct AsymmetricKey: Sendable {
    let type: AsymmetricKeyType
    private let key: Concrete

    private enum Concrete: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey)
    }

    private init(type: AsymmetricKeyType, key: Concrete) {
        self.type = type
        self.key = key
    }

    /// A new random key of `type`.
    static func generate(_ type: AsymmetricKeyType) throws(AsymmetricKeyError) -> AsymmetricKey {
        do {
            switch type {
            case .ed25519: return AsymmetricKey(type: type, key: .ed25519(Curve25519.Signing.PrivateKey()))
            case .ecdsaP256: return AsymmetricKey(type: type, key: .p256(P256.Signing.PrivateKey()))
            case .ecdsaP384: return AsymmetricKey(type: type, key: .p384(P384.Signing.PrivateKey()))
            case .ecdsaP521: return AsymmetricKey(type: type, key: .p521(P521.Signing.PrivateKey()))
            case .rsa2048, .rsa3072, .rsa4096:
                let bits = Int(type.rawValue.dropFirst(4))!
                return AsymmetricKey(type: type, key: .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))))
            }
        } catch {
            throw AsymmetricKeyError("failed to generate a \(type.rawValue) key: \(error)")
        }
    }

    /// Rebuilds a key from `storedForm` (what `storedForm` returned earlier).
    init(type: AsymmetricKeyType, storedForm: [UInt8]) throws(AsymmetricKeyError) {
        self.type = type
        do {
            switch type {
            case .ed25519: key = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: storedForm))
            case .ecdsaP256: key = .p256(try P256.Signing.PrivateKey(derRepresentation: storedForm))
            case .ecdsaP384: key = .p384(try P384.Signing.PrivateKey(derRepresentation: storedForm))
            case .ecdsaP521: key = .p521(try P521.Signing.PrivateKey(derRepresentation: storedForm))
            case .rsa2048, .rsa3072, .rsa4096: key = .rsa(try _RSA.Signing.PrivateKey(derRepresentation: storedForm))
            }
        } catch {
            throw AsymmetricKeyError("stored \(type.rawValue) key is unreadable")
        }
    }

    /// Bytes to persist: the 32-byte seed for Ed25519, DER (PKCS#8 for EC, PKCS#1 for RSA) otherwise.
    var storedForm: [UInt8] {
        switch key {
        case .ed25519(let k): Array(k.rawRepresentation)
        case .p256(let k): Array(k.derRepresentation)
        case .p384(let k): Array(k.derRepresentation)
        case .p521(let k): Array(k.derRepresentation)
        case .rsa(let k): Array(k.derRepresentation)
        }
    }

    /// Signs `input` (the message).
    func sign(_ input: [UInt8], options: SignatureOptions) throws(AsymmetricKeyError) -> [UInt8] {
        do {
            switch key {
            case .ed25519(let k): return Array(try k.signature(for: input))
            case .p256(let k): return try Self.marshal(try Self.withDigest(input, options) { try k.signature(for: $0) }, options)
            case .p384(let k): return try Self.marshal(try Self.withDigest(input, options) { try k.signature(for: $0) }, options)
            case .p521(let k): return try Self.marshal(try Self.withDigest(input, options) { try k.signature(for: $0) }, options)
            case .rsa(let k):
                let padding = try Self.padding(options)
                return Array(try Self.withDigest(input, options) { try k.signature(for: $0, padding: padding) }.rawRepresentation)
            }
        } catch let e as AsymmetricKeyError {
            throw e
        } catch {
            throw AsymmetricKeyError("failed to sign: \(error)")
        }
    }

    /// Checks `signature` over `input`; false for a signature that does not verify.
    func verify(_ signature: [UInt8], input: [UInt8], options: SignatureOptions) throws(AsymmetricKeyError) -> Bool {
        do {
            switch key {
            case .ed25519(let k): return k.publicKey.isValidSignature(signature, for: input)
            case .p256(let k):
                let s = try Self.parse(signature) {
                    try options.marshalingAlgorithm == "jws"
                        ? P256.Signing.ECDSASignature(rawRepresentation: $0) : P256.Signing.ECDSASignature(derRepresentation: $0)
                }
                return try Self.withDigest(input, options) { k.publicKey.isValidSignature(s, for: $0) }
            case .p384(let k):
                let s = try Self.parse(signature) {
                    try options.marshalingAlgorithm == "jws"
                        ? P384.Signing.ECDSASignature(rawRepresentation: $0) : P384.Signing.ECDSASignature(derRepresentation: $0)
                }
                return try Self.withDigest(input, options) { k.publicKey.isValidSignature(s, for: $0) }
            case .p521(let k):
                let s = try Self.parse(signature) {
                    try options.marshalingAlgorithm == "jws"
                        ? P521.Signing.ECDSASignature(rawRepresentation: $0) : P521.Signing.ECDSASignature(derRepresentation: $0)
                }
                return try Self.withDigest(input, options) { k.publicKey.isValidSignature(s, for: $0) }
            case .rsa(let k):
                let padding = try Self.padding(options)
                let s = _RSA.Signing.RSASignature(rawRepresentation: signature)
                return try Self.withDigest(input, options) { k.publicKey.isValidSignature(s, for: $0, padding: padding) }
            }
        } catch let e as AsymmetricKeyError {
            throw e
        } catch {
            // A signature that does not even parse is simply not valid.
            return false
        }
    }

    /// RSA-OAEP (SHA-256) encryption, as transit's RSA keys encrypt.
    func encrypt(_ plaintext: [UInt8]) throws(AsymmetricKeyError) -> [UInt8] {
        guard case .rsa(let k) = key else { throw AsymmetricKeyError("key type \(type.rawValue) does not support encryption") }
        do {
            let pub = try _RSA.Encryption.PublicKey(derRepresentation: k.publicKey.derRepresentation)
            return Array(try pub.encrypt(plaintext, padding: .PKCS1_OAEP_SHA256))
        } catch {
            throw AsymmetricKeyError("failed to encrypt: \(error)")
        }
    }

    func decrypt(_ ciphertext: [UInt8]) throws(AsymmetricKeyError) -> [UInt8] {
        guard case .rsa(let k) = key else { throw AsymmetricKeyError("key type \(type.rawValue) does not support decryption") }
        do {
            let priv = try _RSA.Encryption.PrivateKey(derRepresentation: k.derRepresentation)
            return Array(try priv.decrypt(ciphertext, padding: .PKCS1_OAEP_SHA256))
        } catch {
            throw AsymmetricKeyError("failed to decrypt: message authentication failed")
        }
    }

    /// The key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
    var publicKeyPEM: String {
        switch key {
        case .ed25519(let k): Self.pem("PUBLIC KEY", Self.ed25519SPKIPrefix + Array(k.publicKey.rawRepresentation))
        case .p256(let k): k.publicKey.pemRepresentation + "\n"
        case .p384(let k): k.publicKey.pemRepresentation + "\n"
        case .p521(let k): k.publicKey.pemRepresentation + "\n"
        case .rsa(let k): k.publicKey.pemRepresentation + "\n"
        }
    }

    /// What `GET keys/<name>` lists as `public_key`: PEM, or base64 of the raw key for Ed25519.
    var publicKeyForRead: String {
        if case .ed25519(let k) = key { return Data(k.publicKey.rawRepresentation).base64EncodedString() }
        return publicKeyPEM
    }

    /// What `export/signing-key/<name>` returns: PEM (PKCS#8 for EC, PKCS#1 for RSA), or base64 of
    /// seed||for Ed25519.
    var exportedPrivateKey: String {
        switch key {
        case .ed25519(let k): Data(k.rawRepresentation + k.publicKey.rawRepresentation).base64EncodedString()
        case .p256(let k): k.pemRepresentation + "\n"
        case .p384(let k): k.pemRepresentation + "\n"
        case .p521(let k): k.pemRepresentation + "\n"
        case .rsa(let k): k.pemRepresentation + "\n"
        }
    }

    // MARK: helpers

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow.
    static let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let b64 = Data(der).base64EncodedString()
        var lines: [String] = []
        var rest = Substring(b64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    /// The digest to sign or check: `input` hashed, or `input` itself when it is prehashed.
    private static func withDigest<T>(_ input: [UInt8], _ options: SignatureOptions, _ body: (any Digest) throws -> T) throws -> T {
        do {
            let digest = options.prehashed
                ? try options.hashAlgorithm.digest(prehashed: input) : options.hashAlgorithm.digest(of: input)
            return try body(digest)
        } catch let e as LogicalError {
            throw AsymmetricKeyError(e.description)
        }
    }

    /// An ECDSA signature that does not parse is refused (as OpenBao does), not reported invalid.
    private static func parse<S>(_ bytes: [UInt8], _ make: ([UInt8]) throws -> S) throws -> S {
        do { return try make(bytes) } catch { throw AsymmetricKeyError("supplied signature is invalid") }
    }

    private static func padding(_ options: SignatureOptions) throws -> _RSA.Signing.Padding {
        switch options.signatureAlgorithm {
        case "pss", "": return .PSS
        case "pkcs1v15": return .insecurePKCS1v1_5
        default: throw AsymmetricKeyError("unsupported rsa signature algorithm \(options.signatureAlgorithm)")
        }
    }

    private static func marshal<S: ECDSASignatureMarshaling>(_ s: S, _ options: SignatureOptions) throws -> [UInt8] {
        switch options.marshalingAlgorithm {
        case "asn1", "": return Array(s.derRepresentation)
        case "jws": return Array(s.rawRepresentation)
        default: throw AsymmetricKeyError("unsupported marshaling algorithm \(options.marshalingAlgorithm)")
        }
    }
}

/// The two encodings every ECDSA signature type offers.
protocol ECDSASignatureMarshaling {
    var derRepresentation: Data { get }
    var rawRepresentation: Data { get }
}

extension P256.Signing.ECDSASignature: ECDSASignatureMarshaling {}
extension P384.Signing.ECDSASignature: ECDSASignatureMarshaling {}
extension P521.Signing.ECDSASignature: ECDSASignatureMarshaling {}
