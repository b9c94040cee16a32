package import ArcaWire
internal import JWTKit

extension VerificationKey {
    /// Reads one key of a JWKS (RFC 7517): `RSA` (`n`, `e`), `EC` (`crv` P-256/P-384/P-521, `x`,
    /// `y`) or `OKP` (`crv` Ed25519, `x`). Returns `nil` for keys that cannot verify signatures
    /// (encryption keys, symmetric keys, unknown types), so one odd key never spoils a whole set.
    package init?(jwk: [String: JSONValue]) {
        if let use = jwk["use"]?.stringValue, use != "sig" { return nil }
        let kid = jwk["kid"]?.stringValue
        var pinned: SignatureAlgorithm?
        if let alg = jwk["alg"]?.stringValue {
            // A key meant for an algorithm we do not accept (HS256, RSA-OAEP, …) is not a signing key here.
            guard let a = SignatureAlgorithm(name: alg) else { return nil }
            pinned = a
        }
        func member(_ name: String) -> String? { jwk[name]?.stringValue }
        let material: Material?
        switch member("kty") {
        case "RSA":
            guard let n = member("n"), let e = member("e") else { return nil }
            material = (try? Insecure.RSA.PublicKey(modulus: n, exponent: e)).map(Material.rsa)
        case "EC":
            guard let x = member("x"), let y = member("y") else { return nil }
            switch member("crv") {
            case "P-256": material = (try? ES256PublicKey(parameters: (x, y))).map(Material.p256)
            case "P-384": material = (try? ES384PublicKey(parameters: (x, y))).map(Material.p384)
            case "P-521": material = (try? ES512PublicKey(parameters: (x, y))).map(Material.p521)
            default: material = nil
            }
        case "OKP":
            guard member("crv") == "Ed25519", let x = member("x") else { return nil }
            material = (try? EdDSA.PublicKey(x: x, curve: .ed25519)).map(Material.ed25519)
        default:
            material = nil
        }
        guard let material else { return nil }
        self.init(material, keyID: kid, pinnedAlgorithm: pinned)
    }

    /// The verification keys of a JWKS document (`{"keys": [...]}`).
    /// - Throws: `JOSEError` when the document is not a JSON object with a `keys` array.
    package static func keySet(json bytes: [UInt8]) throws(JOSEError) -> [VerificationKey] {
        guard let doc = try? JSONParser.parse(bytes), let keys = doc["keys"]?.arrayValue else {
            throw JOSEError("failed to decode keys")
        }
        return keys.compactMap { $0.objectValue.flatMap(VerificationKey.init(jwk:)) }
    }
}
