import ArcaAuthSupport
import ArcaWire
import FoundationEssentials

/// Verifies a login token against the mount's key source, then checks its claims: the
/// `error validating token: …` part of a login.
struct TokenValidator: Sendable {
    let cache: KeySetCache

    /// The token's claims when its signature and claims are valid.
    /// - Throws: `JOSEError` with Vault's texts (`error verifying token signature: …`, `invalid issuer (iss) claim`, …).
    func validate(
        _ token: String, source: JWTConfig.KeySource, expected: ExpectedClaims, now: Date
    ) async throws(JOSEError) -> [String: JSONValue] {
        let jws: CompactJWS
        switch source {
        case .staticKeys:
            do {
                jws = try CompactJWS(token)
            } catch {
                throw JOSEError("error verifying token signature: \(error.message)")
            }
            try await verifyStatic(jws, source, now: now)
        case .jwks, .discovery:
            do {
                jws = try CompactJWS(token)
            } catch {
                throw JOSEError("error verifying token signature: oidc: malformed jwt: \(error.message)")
            }
            try await verifyRemote(jws, source, now: now)
        }
        var expected = expected
        var discoveredIssuer: String?
        if case .discovery(let issuer, _) = source {
            // The discovery document named exactly this issuer (checked when it was fetched); a
            // token signed with the provider's keys for another issuer (a multi-tenant key set)
            // must not pass. Checked where a bound issuer would be, or after it when one is set.
            if expected.issuer.isEmpty { expected.issuer = issuer } else { discoveredIssuer = issuer }
        }
        try ClaimsValidator.validate(jws, expected, now: now)
        if let discoveredIssuer, jws.claims["iss"]?.stringValue != discoveredIssuer {
            throw JOSEError("invalid issuer (iss) claim")
        }
        return jws.claims
    }

    /// Static keys: any configured key that verifies the signature under the header's algorithm.
    private func verifyStatic(_ jws: CompactJWS, _ source: JWTConfig.KeySource, now: Date) async throws(JOSEError) {
        let keys: [VerificationKey]
        do {
            keys = try await cache.keys(for: source, now: now)
        } catch {
            throw JOSEError("error verifying token signature: \(error.message)")
        }
        if let alg = SignatureAlgorithm(name: jws.algorithm) {
            for key in keys where await key.verifies(jws, as: alg) { return }
        }
        throw JOSEError("error verifying token signature: no known key successfully validated the token signature")
    }

    /// Remote keys: the key named by `kid` (every key when there is none); an unknown `kid`
    /// fetches the set once more, for providers that have rotated their keys (the cache limits
    /// how often that may happen).
    private func verifyRemote(_ jws: CompactJWS, _ source: JWTConfig.KeySource, now: Date) async throws(JOSEError) {
        guard let alg = SignatureAlgorithm(name: jws.algorithm) else {
            let expected = SignatureAlgorithm.allNames.map(quoted).joined(separator: " ")
            throw JOSEError(
                "error verifying token signature: oidc: malformed jwt: unexpected signature algorithm \(quoted(jws.algorithm)); expected [\(expected)]"
            )
        }
        let cached = try await fetch(source, refresh: false, now: now)
        if await verifies(jws, alg, cached) { return }
        // A provider that rotated its keys signs with a kid we have not seen (or, without kids,
        // with a key we do not have): fetch once more. A known kid that fails is simply a bad token.
        let known = jws.keyID.map { kid in cached.contains { $0.keyID == kid } } ?? false
        if !known, await verifies(jws, alg, try await fetch(source, refresh: true, now: now)) { return }
        throw JOSEError("error verifying token signature: failed to verify id token signature")
    }

    /// Whether a key of `keys` signed `jws`: the one its `kid` names, or any when it names none.
    private func verifies(_ jws: CompactJWS, _ alg: SignatureAlgorithm, _ keys: [VerificationKey]) async -> Bool {
        let candidates = jws.keyID.map { kid in keys.filter { $0.keyID == kid } } ?? keys
        for key in candidates where await key.verifies(jws, as: alg) { return true }
        return false
    }

    private func fetch(_ source: JWTConfig.KeySource, refresh: Bool, now: Date) async throws(JOSEError) -> [VerificationKey] {
        do {
            return try await cache.keys(for: source, refresh: refresh, now: now)
        } catch {
            throw JOSEError("error verifying token signature: fetching keys oidc: \(error.message)")
        }
    }
}
