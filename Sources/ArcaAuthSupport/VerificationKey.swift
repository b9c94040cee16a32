internal import FoundationEssentials
package import JWTKit

/// A public key that can verify JWS signatures, with the `kid` and pinned `alg` a JWKS gave it.
package struct VerificationKey: Sendable {
    package enum Material: Sendable {
        case rsa(Insecure.RSA.PublicKey)
        case p256(ES256PublicKey)
        case p384(ES384PublicKey)
        case p521(ES512PublicKey)
        case ed25519(EdDSA.PublicKey)
    }

    package let material: Material
    /// The JWK's `kid`, if any.
    package let keyID: String?
    /// The JWK's `alg`, if any: the key then verifies only that algorithm.
    package let pinnedAlgorithm: SignatureAlgorithm?

    package init(_ material: Material, keyID: String? = nil, pinnedAlgorithm: SignatureAlgorithm? = nil) {
        self.material = material
        self.keyID = keyID
        self.pinnedAlgorithm = pinnedAlgorithm
    }

    /// Whether this key can produce signatures under `algorithm` at all.
    package func supports(_ algorithm: SignatureAlgorithm) -> Bool {
        if let pinned = pinnedAlgorithm, pinned != algorithm { return false }
        switch (material, algorithm) {
        case (.rsa, .rs256), (.rsa, .rs384), (.rsa, .rs512), (.rsa, .ps256), (.rsa, .ps384), (.rsa, .ps512): return true
        case (.p256, .es256), (.p384, .es384), (.p521, .es512), (.ed25519, .eddsa): return true
        default: return false
        }
    }

    /// Whether `jws` carries a valid signature by this key under `algorithm`.
    /// A key of another type, or a malformed signature, is simply `false`.
    package func verifies(_ jws: CompactJWS, as algorithm: SignatureAlgorithm) async -> Bool {
        guard supports(algorithm) else { return false }
        // JWTKit builds its verifiers through a key collection; one short-lived collection per
        // check keeps the algorithm bound to this exact key and algorithm.
        let keys = JWTKeyCollection()
        switch (material, algorithm) {
        case (.rsa(let k), .rs256): await keys.add(rsa: k, digestAlgorithm: .sha256)
        case (.rsa(let k), .rs384): await keys.add(rsa: k, digestAlgorithm: .sha384)
        case (.rsa(let k), .rs512): await keys.add(rsa: k, digestAlgorithm: .sha512)
        case (.rsa(let k), .ps256): await keys.add(pss: k, digestAlgorithm: .sha256)
        case (.rsa(let k), .ps384): await keys.add(pss: k, digestAlgorithm: .sha384)
        case (.rsa(let k), .ps512): await keys.add(pss: k, digestAlgorithm: .sha512)
        case (.p256(let k), _): await keys.add(ecdsa: k)
        case (.p384(let k), _): await keys.add(ecdsa: k)
        case (.p521(let k), _): await keys.add(ecdsa: k)
        case (.ed25519(let k), _): await keys.add(eddsa: k)
        default: return false
        }
        guard let verifier = try? await keys.getKey() else { return false }
        return (try? verifier.verify(jws.signature, signs: jws.signingInput)) ?? false
    }
}

extension VerificationKey {
    /// Parses a PEM public key (PKIX `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`) or a PEM certificate
    /// whose public key is RSA, ECDSA (P-256, P-384, P-521) or Ed25519.
    /// - Throws: `JOSEError` when `pem` holds none of these.
    package init(pem: String) throws(JOSEError) {
        if pem.contains("-----BEGIN CERTIFICATE-----") {
            if let k = try? Insecure.RSA.PublicKey(certificatePEM: pem) { self.init(.rsa(k)); return }
            if let k = try? ES256PublicKey(certificate: pem) { self.init(.p256(k)); return }
            if let k = try? ES384PublicKey(certificate: pem) { self.init(.p384(k)); return }
            if let k = try? ES512PublicKey(certificate: pem) { self.init(.p521(k)); return }
            throw JOSEError("certificate does not contain a supported public key")
        }
        if let k = try? Insecure.RSA.PublicKey(pem: pem) { self.init(.rsa(k)); return }
        if let k = try? ES256PublicKey(pem: pem) { self.init(.p256(k)); return }
        if let k = try? ES384PublicKey(pem: pem) { self.init(.p384(k)); return }
        if let k = try? ES512PublicKey(pem: pem) { self.init(.p521(k)); return }
        if let k = try? EdDSA.PublicKey(pem: pem) { self.init(.ed25519(k)); return }
        throw JOSEError("data does not contain any valid public keys")
    }
}
