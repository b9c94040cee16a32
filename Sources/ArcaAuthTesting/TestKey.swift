package import ArcaWire
package import Crypto
package import CryptoExtras
import FoundationEssentials

/// Signing keys made in the test, and tokens signed with them by hand (independently of the
/// code under test): `base64url(header).base64url(claims).base64url(signature)`.
package enum TestKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    /// Generating RSA keys is slow; the suites share a few.
    package static let rsaA = TestKey.rsa(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
    package static let rsaB = TestKey.rsa(try! _RSA.Signing.PrivateKey(keySize: .bits2048))

    /// Fresh keys of each kind.
    package static func makeP256() -> TestKey { .p256(P256.Signing.PrivateKey()) }
    package static func makeP384() -> TestKey { .p384(P384.Signing.PrivateKey()) }
    package static func makeEd25519() -> TestKey { .ed25519(Curve25519.Signing.PrivateKey()) }

    package var defaultAlgorithm: String {
        switch self {
        case .rsa: "RS256"
        case .p256: "ES256"
        case .p384: "ES384"
        case .ed25519: "EdDSA"
        }
    }

    /// A compact JWS over `claims`; `alg` defaults to the key's natural algorithm.
    package func sign(_ claims: [String: JSONValue], kid: String? = nil, alg: String? = nil, extraHeader: [String: JSONValue] = [:]) -> String {
        let algorithm = alg ?? defaultAlgorithm
        var header: [String: JSONValue] = ["alg": .string(algorithm), "typ": "JWT"]
        if let kid { header["kid"] = .string(kid) }
        header.merge(extraHeader) { _, new in new }
        let input = b64url(JSONWriter.encode(.object(header))) + "." + b64url(JSONWriter.encode(.object(claims)))
        return input + "." + b64url(signature(Data(input.utf8), algorithm))
    }

    private func signature(_ input: Data, _ alg: String) -> [UInt8] {
        switch self {
        case .rsa(let k):
            let padding: _RSA.Signing.Padding = alg.hasPrefix("PS") ? .PSS : .insecurePKCS1v1_5
            let sig: _RSA.Signing.RSASignature
            switch alg.suffix(3) {
            case "384": sig = try! k.signature(for: SHA384.hash(data: input), padding: padding)
            case "512": sig = try! k.signature(for: SHA512.hash(data: input), padding: padding)
            default: sig = try! k.signature(for: SHA256.hash(data: input), padding: padding)
            }
            return Array(sig.rawRepresentation)
        case .p256(let k): return Array(try! k.signature(for: input).rawRepresentation)
        case .p384(let k): return Array(try! k.signature(for: input).rawRepresentation)
        case .ed25519(let k): return Array(try! k.signature(for: input))
        }
    }

    /// The public key as PEM (SubjectPublicKeyInfo).
    package var publicPEM: String {
        switch self {
        case .rsa(let k): k.publicKey.pemRepresentation
        case .p256(let k): k.publicKey.pemRepresentation
        case .p384(let k): k.publicKey.pemRepresentation
        case .ed25519(let k): ed25519PEM(Array(k.publicKey.rawRepresentation))
        }
    }

    /// The public key as a JWK.
    package func jwk(kid: String, alg: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["kid": .string(kid), "use": "sig"]
        if let alg { o["alg"] = .string(alg) }
        switch self {
        case .rsa(let k):
            let p = try! k.publicKey.getKeyPrimitives()
            o["kty"] = "RSA"
            o["n"] = .string(b64url(Array(p.modulus)))
            o["e"] = .string(b64url(Array(p.publicExponent)))
        case .p256(let k):
            let raw = Array(k.publicKey.x963Representation)
            o["kty"] = "EC"
            o["crv"] = "P-256"
            o["x"] = .string(b64url(Array(raw[1..<33])))
            o["y"] = .string(b64url(Array(raw[33..<65])))
        case .p384(let k):
            let raw = Array(k.publicKey.x963Representation)
            o["kty"] = "EC"
            o["crv"] = "P-384"
            o["x"] = .string(b64url(Array(raw[1..<49])))
            o["y"] = .string(b64url(Array(raw[49..<97])))
        case .ed25519(let k):
            o["kty"] = "OKP"
            o["crv"] = "Ed25519"
            o["x"] = .string(b64url(Array(k.publicKey.rawRepresentation)))
        }
        return .object(o)
    }
}

package func b64url(_ bytes: some Sequence<UInt8>) -> String {
    var s = Data(bytes).base64EncodedString()
    s = String(s.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    while s.hasSuffix("=") { s.removeLast() }
    return s
}

/// SubjectPublicKeyInfo for an Ed25519 key: a fixed DER prefix, then the 32 key bytes.
private func ed25519PEM(_ raw: [UInt8]) -> String {
    let der: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00] + raw
    return "-----BEGIN PUBLIC KEY-----\n" + Data(der).base64EncodedString() + "\n-----END PUBLIC KEY-----\n"
}
