import ArcaAuthSupport
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct SupportTests {
    @Test(
        "glob matching with * anywhere",
        arguments: [
            ("*", "anything", true), ("refs/heads/*", "refs/heads/main", true), ("refs/heads/*", "refs/tags/v1", false),
            ("*-prod", "eu-prod", true), ("*-prod", "eu-dev", false), ("a*b*c", "axxbyyc", true), ("a*b*c", "acb", false),
            ("a*a", "a", false), ("a*a", "aa", true), ("exact", "exact", true), ("exact", "exactly", false),
            ("", "", true), ("", "x", false), ("**", "", true),
        ])
    func glob(pattern: String, subject: String, expected: Bool) {
        #expect(Glob.matches(pattern, subject) == expected)
    }

    @Test("base64url round-trips and rejects other alphabets")
    func base64url() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("a+b/") == nil)
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("AQ==") == [1])
    }

    @Test("a compact JWS must have three parts and JSON header and payload")
    func compactJWS() throws {
        #expect(throws: JOSEError("compact JWS format must have three parts")) { try CompactJWS("a.b") }
        #expect(throws: JOSEError("illegal base64 data in compact JWS")) { try CompactJWS("a+.b.c") }
        let h = Base64URL.encode(Array(#"{"alg":"RS256","kid":"k"}"#.utf8))
        let p = Base64URL.encode(Array(#"{"sub":"x"}"#.utf8))
        let jws = try CompactJWS("\(h).\(p).")
        #expect(jws.algorithm == "RS256")
        #expect(jws.keyID == "k")
        #expect(jws.claims["sub"] == "x")
        #expect(jws.signature.isEmpty)
        let crit = Base64URL.encode(Array(#"{"alg":"RS256","crit":["exp"]}"#.utf8))
        #expect(throws: JOSEError("unsupported critical header parameters")) { try CompactJWS("\(crit).\(p).") }
        #expect(throws: JOSEError("invalid JWT payload: not a JSON object")) {
            try CompactJWS("\(h).\(Base64URL.encode(Array("[1]".utf8))).")
        }
    }

    @Test("legacy service-account tokens without times pass only when allowed")
    func missingTimes() throws {
        let h = Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8))
        let p = Base64URL.encode(Array(#"{"sub":"x"}"#.utf8))
        let jws = try CompactJWS("\(h).\(p).\(Base64URL.encode([1]))")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try ClaimsValidator.validate(jws, ExpectedClaims(), now: now, allowMissingTimes: true)
        #expect(throws: JOSEError("no issued at (iat), not before (nbf), or expiration time (exp) claims in token")) {
            try ClaimsValidator.validate(jws, ExpectedClaims(), now: now)
        }
    }
}
