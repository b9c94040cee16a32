import ArcaAuthSupport
import ArcaFuzzing
import ArcaWire
import FoundationEssentials

/// Compact JWS decoding, the claim checks and JWKS parsing. An input is a token, with an optional
/// second line choosing the expected claims and leeways; an input starting with `{` is a JWKS.
/// A decoded token has three parts whose base64url re-encodes to what was given, an object
/// header without `crit` and an object payload; the claim checks never trap, whatever the times
/// and leeways, and a token they pass really meets them.
enum JWSFuzz {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static let target = FuzzTarget(
        name: "jws",
        seeds: [
            token(#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#, #"{"iss":"https://issuer","sub":"s","aud":["a","b"],"iat":1700000000,"exp":1700000600}"#)
                + "\n3 1 0 0",
            token(#"{"alg":"EdDSA"}"#, #"{"nbf":-9.1e18,"exp":9.1e18,"aud":"a"}"#) + "\n7 2 6 6",
            token(#"{"alg":"none","crit":["b64"]}"#, #"{}"#),
            token(#"{"alg":"ES256"}"#, #"[1,2]"#), "a.b", "..", "eyJ.eyJ.", "====.====.====",
            #"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","use":"sig","alg":"RS256","kid":"1"},{"kty":"EC","crv":"P-256","x":"AA","y":"AA"},{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#,
        ],
        dictionary: [".", "=", "-", "_", "eyJ", "eyJhbGciOiJSUzI1NiJ9", "A", "AA", "AAA", "AQAB", "\n", " ", "0", "7", "{\"keys\":[",
            "\"kty\":\"RSA\"", "\"kty\":\"EC\"", "\"crv\":\"P-521\"", "\"n\":\"", "\"x\":\"", "\"y\":\""],
        generator: generate,
        body: .sync(check))

    static func token(_ header: String, _ payload: String, signature: [UInt8] = [1, 2, 3]) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "." + Base64URL.encode(signature)
    }

    static let leeways = [-1, 0, 1, 60, 150, 86_400, Int.max / 2, Int.max, Int.min]
    static let issuers = ["", "https://issuer", "iss"]

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        if bytes.first == UInt8(ascii: "{") {
            // A JWKS: decoding never traps, and every key it yields came from the document.
            guard let keys = try? VerificationKey.keySet(json: bytes) else { return .rejected }
            let count = (try? JSONParser.parse(bytes))?["keys"]?.arrayValue?.count ?? 0
            try fuzzRequire(keys.count <= count, "\(keys.count) keys from \(count) entries")
            return keys.isEmpty ? .rejected : .accepted
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let tokenText = String(lines[0])
        let jws: CompactJWS
        do {
            jws = try CompactJWS(tokenText)
        } catch {
            try fuzzRequire(!error.message.isEmpty, "empty error")
            return .rejected
        }
        let parts = tokenText.split(separator: ".", omittingEmptySubsequences: false)
        try fuzzRequire(parts.count == 3, "decoded a token of \(parts.count) parts")
        for part in parts {
            guard let decoded = Base64URL.decode(part) else { throw FuzzViolation("a part does not decode") }
            try fuzzRequire(Base64URL.encode(decoded) == part.filter { $0 != "=" }, "base64url is not canonical for \(part)")
        }
        try fuzzRequire(jws.signingInput == Array((parts[0] + "." + parts[1]).utf8), "signing input is not header.payload")
        try fuzzRequire(Base64URL.decode(parts[2]) == jws.signature, "signature bytes")
        try fuzzRequire(jws.header["crit"] == nil, "a crit header was accepted")

        // The claim checks, with expectations from the second line's numbers.
        let numbers = lines.count > 1 ? lines[1].split(separator: " ").compactMap { Int($0) } : []
        func n(_ i: Int) -> Int { i < numbers.count ? numbers[i] : 0 }
        var expected = ExpectedClaims()
        expected.issuer = issuers[abs(n(1) % issuers.count)]
        expected.audiences = n(0) % 2 == 1 ? ["a"] : []
        expected.leeways = Leeways(
            clockSkew: leeways[abs(n(2) % leeways.count)], expiration: leeways[abs(n(3) % leeways.count)],
            notBefore: leeways[abs(n(0) % leeways.count)])
        do {
            try ClaimsValidator.validate(jws, expected, now: now, allowMissingTimes: n(0) % 3 == 0)
        } catch {
            try fuzzRequire(!error.message.isEmpty, "empty error")
            return .rejected
        }
        try fuzzRequire(!jws.signature.isEmpty, "an unsigned token passed")
        try fuzzRequire(SignatureAlgorithm(name: jws.algorithm) != nil, "algorithm \(jws.algorithm) passed")
        if !expected.issuer.isEmpty { try fuzzRequire(jws.claims["iss"] == .string(expected.issuer), "issuer passed unchecked") }
        if !expected.audiences.isEmpty {
            try fuzzRequire((try? ClaimsValidator.audiences(jws.claims))?.contains("a") == true, "audience passed unchecked")
        }
        let skew = Double(expected.leeways.clockSkew < 0 ? 0 : expected.leeways.clockSkew == 0 ? 60 : expected.leeways.clockSkew)
        if let exp = jws.claims["exp"]?.doubleValue, exp.rounded(.towardZero) != 0 {
            try fuzzRequire(now.timeIntervalSince1970 - skew <= exp.rounded(.towardZero), "an expired token passed")
        }
        if let nbf = jws.claims["nbf"]?.doubleValue, nbf.rounded(.towardZero) != 0 {
            try fuzzRequire(now.timeIntervalSince1970 + skew >= nbf.rounded(.towardZero), "a not-yet-valid token passed")
        }
        return .accepted
    }

    @Sendable static func generate(_ rng: inout FuzzRandom) -> [UInt8] {
        let times: [JSONValue] = [
            .int(1_700_000_000), .int(1_699_999_000), .int(1_700_000_900), .int(0), .number(JSONNumber(Int64.max)),
            .number(JSONNumber(Int64.min)), .number(JSONNumber(9.19e18)), .number(JSONNumber(-9.19e18)), "1700000000", .null,
            .number(JSONNumber(1_700_000_000.5)),
        ]
        var header: [String: JSONValue] = ["alg": .string(rng.pick(SignatureAlgorithm.allNames + ["none", "HS256", ""]))]
        if rng.oneIn(2) { header["kid"] = .string(rng.pick(["k1", "", "🔑"])) }
        if rng.oneIn(10) { header["crit"] = ["exp"] }
        var claims: [String: JSONValue] = [:]
        for name in ["iat", "exp", "nbf"] where rng.oneIn(2) { claims[name] = rng.pick(times) }
        if rng.oneIn(2) { claims["iss"] = .string(rng.pick(issuers)) }
        if rng.oneIn(2) { claims["aud"] = rng.oneIn(2) ? "a" : [.string("b"), rng.oneIn(3) ? .int(1) : "a"] }
        if rng.oneIn(3) { claims["x"] = JSONFuzz.randomValue(&rng, depth: 2) }
        let signature = rng.oneIn(8) ? [] : rng.bytes(1 + rng.below(64))
        var text = Base64URL.encode(JSONWriter.encode(.object(header))) + "." + Base64URL.encode(JSONWriter.encode(.object(claims)))
            + "." + Base64URL.encode(signature)
        text += "\n" + (0..<4).map { _ in String(rng.below(100)) }.joined(separator: " ")
        return Array(text.utf8)
    }
}
