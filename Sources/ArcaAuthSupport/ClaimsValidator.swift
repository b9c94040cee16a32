package import ArcaWire
package import FoundationEssentials

/// Leeways for the time claims, in seconds, as a role stores them: `0` takes the default,
/// a negative value means none.
package struct Leeways: Sendable, Equatable {
    package var clockSkew = 0
    package var expiration = 0
    package var notBefore = 0

    package init(clockSkew: Int = 0, expiration: Int = 0, notBefore: Int = 0) {
        self.clockSkew = clockSkew
        self.expiration = expiration
        self.notBefore = notBefore
    }

    /// Used for `exp`/`nbf` when the token lacks them, unless a role says otherwise.
    package static let defaultClaimLeeway = 150
    /// Applied to every time comparison, unless a role says otherwise.
    package static let defaultClockSkew = 60

    static func effective(_ value: Int, default d: Int) -> Int { value < 0 ? 0 : value == 0 ? d : value }
}

/// What a verified token's header and claims must satisfy. Empty strings and lists skip the check.
package struct ExpectedClaims: Sendable {
    package var issuer = ""
    package var subject = ""
    package var audiences: [String] = []
    package var algorithms: [SignatureAlgorithm] = SignatureAlgorithm.allCases
    package var leeways = Leeways()

    package init() {}
}

/// Checks a token whose signature has been verified, in Vault's order and with its texts:
/// algorithm, issuer, subject, audience, then `nbf`/`exp`/`iat` with leeways.
package enum ClaimsValidator {
    /// - Parameter allowMissingTimes: accept a token with none of `iat`, `nbf`, `exp` (Kubernetes'
    ///   legacy service-account tokens have none); otherwise such a token is refused.
    /// - Throws: `JOSEError` naming the first claim that fails.
    package static func validate(
        _ jws: CompactJWS, _ expected: ExpectedClaims, now: Date, allowMissingTimes: Bool = false
    ) throws(JOSEError) {
        if jws.signature.isEmpty { throw JOSEError("invalid algorithm (alg) header parameter: token must be signed") }
        guard let alg = SignatureAlgorithm(name: jws.algorithm), expected.algorithms.contains(alg) else {
            throw JOSEError("invalid algorithm (alg) header parameter: token signed with unexpected algorithm")
        }
        let claims = jws.claims
        let issuer = try string(claims, "iss")
        let subject = try string(claims, "sub")
        let audience = try audiences(claims)
        if !expected.issuer.isEmpty && expected.issuer != issuer { throw JOSEError("invalid issuer (iss) claim") }
        if !expected.subject.isEmpty && expected.subject != subject { throw JOSEError("invalid subject (sub) claim") }
        if !expected.audiences.isEmpty && !expected.audiences.contains(where: audience.contains) {
            throw JOSEError("invalid audience (aud) claim: audience claim does not match any expected audience")
        }
        try validateTimes(claims, expected.leeways, now: now, allowMissing: allowMissingTimes)
    }

    static func validateTimes(
        _ claims: [String: JSONValue], _ leeways: Leeways, now: Date, allowMissing: Bool
    ) throws(JOSEError) {
        let issuedAt = try numericDate(claims, "iat")
        var expiry = try numericDate(claims, "exp")
        var notBefore = try numericDate(claims, "nbf")
        if issuedAt == 0 && expiry == 0 && notBefore == 0 {
            if allowMissing { return }
            throw JOSEError("no issued at (iat), not before (nbf), or expiration time (exp) claims in token")
        }
        // A token without exp lives for the expiration leeway after it became valid; one without
        // nbf is valid from its iat, else from the not-before leeway before its exp.
        // The times come from the token and the leeways from the role: saturate, never trap.
        if expiry == 0 {
            let leeway = Int64(Leeways.effective(leeways.expiration, default: Leeways.defaultClaimLeeway))
            let (sum, overflow) = max(issuedAt, notBefore).addingReportingOverflow(leeway)
            expiry = overflow ? .max : sum
        }
        if notBefore == 0 {
            let leeway = Int64(Leeways.effective(leeways.notBefore, default: Leeways.defaultClaimLeeway))
            let (difference, overflow) = expiry.subtractingReportingOverflow(leeway)
            notBefore = issuedAt != 0 ? issuedAt : overflow ? .min : difference
        }
        let skew = Double(Leeways.effective(leeways.clockSkew, default: Leeways.defaultClockSkew))
        let t = now.timeIntervalSince1970
        if t + skew < Double(notBefore) { throw JOSEError("invalid not before (nbf) claim: token not yet valid") }
        if t - skew > Double(expiry) { throw JOSEError("invalid expiration time (exp) claim: token is expired") }
        if t + skew < Double(issuedAt) { throw JOSEError("invalid issued at (iat) claim: token issued in the future") }
    }

    /// A NumericDate claim in whole seconds (fractions dropped); 0 when absent.
    static func numericDate(_ claims: [String: JSONValue], _ name: String) throws(JOSEError) -> Int64 {
        switch claims[name] {
        case nil, .null?: return 0
        case .number(let n)?:
            let d = n.double
            guard d.isFinite, abs(d) < 9.2e18 else { throw JOSEError("invalid \(name) claim: not a valid time") }
            return Int64(d)
        default: throw JOSEError("invalid \(name) claim: expected a number of seconds")
        }
    }

    static func string(_ claims: [String: JSONValue], _ name: String) throws(JOSEError) -> String {
        switch claims[name] {
        case nil, .null?: return ""
        case .string(let s)?: return s
        default: throw JOSEError("invalid \(name) claim: expected a string")
        }
    }

    /// `aud` as a list: RFC 7519 allows a single string for one audience.
    package static func audiences(_ claims: [String: JSONValue]) throws(JOSEError) -> [String] {
        switch claims["aud"] {
        case nil, .null?: return []
        case .string(let s)?: return [s]
        case .array(let items)?:
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw JOSEError("invalid aud claim: expected strings") }
                out.append(s)
            }
            return out
        default: throw JOSEError("invalid aud claim: expected a string or a list of strings")
        }
    }
}
