import ArcaAuthSupport
import ArcaWire
import FoundationEssentials
import Testing

/// Found by the `jws` fuzz target (Sources/ArcaFuzzTargets/JWSFuzz.swift): a token without `exp`
/// (or without `nbf` and `iat`) under a role leeway near `Int.max` trapped on the arithmetic
/// that derives the missing time. The derived time now saturates.
@Suite struct ClaimsLeewayOverflowTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    func token(_ claims: String) throws -> CompactJWS {
        try CompactJWS(
            Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(Array(claims.utf8)) + "."
                + Base64URL.encode([1, 2, 3]))
    }

    @Test("no exp, an expiration leeway of Int.max: valid (the expiry saturates), no trap")
    func expirationLeeway() throws {
        var expected = ExpectedClaims()
        expected.leeways = Leeways(expiration: .max)
        try ClaimsValidator.validate(try token(#"{"iat":1699999990}"#), expected, now: Self.now)
    }

    @Test("no nbf or iat, an exp far in the past and a not-before leeway of Int.max: expired, no trap")
    func notBeforeLeeway() throws {
        var expected = ExpectedClaims()
        expected.leeways = Leeways(notBefore: .max)
        #expect(throws: JOSEError("invalid expiration time (exp) claim: token is expired")) {
            try ClaimsValidator.validate(try token(#"{"exp":-9100000000000000000}"#), expected, now: Self.now)
        }
    }
}
