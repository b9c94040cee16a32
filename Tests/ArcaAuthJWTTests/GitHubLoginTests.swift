import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

/// Logins with GitHub Actions-shaped tokens, keys from a JWKS URL.
@Suite struct GitHubLoginTests {
    let h = JWTHarness()
    let ec = TestKey.makeP256()
    let ed = TestKey.makeEd25519()

    init() async throws {
        h.idp.publish([TestKey.rsaA.jwk(kid: "k1"), ec.jwk(kid: "ec1", alg: "ES256"), ed.jwk(kid: "ed1")])
        try await h.write("config", ["jwks_url": .string(h.idp.jwksURL), "bound_issuer": .string(CITokens.githubIssuer)])
        try await h.write(
            "role/deploy",
            [
                "role_type": "jwt", "user_claim": "repository", "bound_audiences": "https://github.com/org",
                "bound_subject": "repo:org/repo:ref:refs/heads/main",
                "bound_claims": ["job_workflow_ref": "org/repo/.github/workflows/ci.yml@refs/heads/main"],
                "claim_mappings": ["actor": "actor", "ref": "git_ref", "run_id": "run_id"],
                "token_policies": "deploy", "token_ttl": "15m",
            ])
    }

    func token(_ overrides: [String: JSONValue?] = [:], key: TestKey = .rsaA, kid: String? = "k1", alg: String? = nil) -> String {
        key.sign(CITokens.github(now: h.now, overrides), kid: kid, alg: alg)
    }

    func expectRefused(_ jwt: String, _ message: String, role: String = "deploy", sourceLocation: SourceLocation = #_sourceLocation) async {
        #expect(await h.loginError(role, jwt) == .invalidRequest(message), sourceLocation: sourceLocation)
    }

    @Test("a valid job token logs in: alias from user_claim, metadata from claim_mappings, the role's token settings")
    func success() async throws {
        let r = try await h.login("deploy", token())
        #expect(r.policies == ["deploy"])
        #expect(r.displayName == "org/repo")
        #expect(r.alias?.name == "org/repo")
        let meta = ["actor": "octocat", "git_ref": "refs/heads/main", "run_id": "5012345678", "role": "deploy"]
        #expect(r.metadata == meta)
        #expect(r.alias?.metadata == meta)
        #expect(r.token.ttl == 900)
        #expect(r.internalData["role"] == "deploy")
    }

    @Test("ES256 and EdDSA keys from the JWKS verify too, chosen by kid; a token without kid tries every key")
    func otherAlgorithms() async throws {
        #expect(try await h.login("deploy", token(key: ec, kid: "ec1")).alias?.name == "org/repo")
        #expect(try await h.login("deploy", token(key: ed, kid: "ed1")).alias?.name == "org/repo")
        #expect(try await h.login("deploy", token(kid: nil)).alias?.name == "org/repo")
        // The EC key is pinned to ES256 by its JWK; the RSA key signs RS512 as well.
        #expect(try await h.login("deploy", token(alg: "RS512")).alias?.name == "org/repo")
        #expect(try await h.login("deploy", token(alg: "PS256")).alias?.name == "org/repo")
    }

    @Test("keys are cached; an unknown kid fetches the JWKS again (key rotation), at most once a minute")
    func rotation() async throws {
        #expect(h.idp.jwksFetches == 1)  // the config check
        _ = try await h.login("deploy", token())
        _ = try await h.login("deploy", token())
        #expect(h.idp.jwksFetches == 2)
        h.idp.publish([TestKey.rsaB.jwk(kid: "k2")])
        h.clock.advance(60)
        #expect(try await h.login("deploy", token(key: .rsaB, kid: "k2")).alias?.name == "org/repo")
        #expect(h.idp.jwksFetches == 3)
        _ = try await h.login("deploy", token(key: .rsaB, kid: "k2"))
        #expect(h.idp.jwksFetches == 3)
        // The retired key is gone after the refetch; asking again a minute later fetches once more.
        await expectRefused(token(), "error validating token: error verifying token signature: failed to verify id token signature")
        #expect(h.idp.jwksFetches == 3)
        h.clock.advance(60)
        await expectRefused(token(), "error validating token: error verifying token signature: failed to verify id token signature")
        #expect(h.idp.jwksFetches == 4)
    }

    @Test("signatures: a wrong key, a tampered payload, alg none, HMAC and garbage are refused")
    func badSignatures() async throws {
        let failed = "error validating token: error verifying token signature: failed to verify id token signature"
        await expectRefused(token(key: .rsaB, kid: "k1"), failed)
        let good = token().split(separator: ".")
        let forged = TestKey.rsaA.sign(CITokens.github(now: h.now, ["repository": "org/evil"]), kid: "k1")
            .split(separator: ".")
        await expectRefused("\(good[0]).\(forged[1]).\(good[2])", failed)
        let algs = #"["RS256" "RS384" "RS512" "ES256" "ES384" "ES512" "PS256" "PS384" "PS512" "EdDSA"]"#
        let none = b64url(Array(#"{"alg":"none","kid":"k1"}"#.utf8)) + "." + good[1] + "."
        await expectRefused(
            none,
            "error validating token: error verifying token signature: oidc: malformed jwt: unexpected signature algorithm \"none\"; expected \(algs)"
        )
        let hs = b64url(Array(#"{"alg":"HS256","kid":"k1"}"#.utf8)) + "." + good[1] + "." + b64url([1, 2, 3])
        await expectRefused(
            hs,
            "error validating token: error verifying token signature: oidc: malformed jwt: unexpected signature algorithm \"HS256\"; expected \(algs)"
        )
        await expectRefused(
            "abc",
            "error validating token: error verifying token signature: oidc: malformed jwt: compact JWS format must have three parts")
    }

    @Test("time claims: expired, not yet valid, issued in the future, none at all")
    func times() async throws {
        let t = Int(h.now)
        await expectRefused(
            token(["exp": .int(t - 100), "iat": .int(t - 400), "nbf": .int(t - 400)]),
            "error validating token: invalid expiration time (exp) claim: token is expired")
        await expectRefused(
            token(["nbf": .int(t + 1000)]), "error validating token: invalid not before (nbf) claim: token not yet valid")
        await expectRefused(
            token(["nbf": nil, "iat": .int(t + 1000)]),
            "error validating token: invalid not before (nbf) claim: token not yet valid")
        await expectRefused(
            token(["nbf": nil, "iat": nil, "exp": nil]),
            "error validating token: no issued at (iat), not before (nbf), or expiration time (exp) claims in token")
    }

    @Test("leeways: 60 s of clock skew by default, none with -1; a token without exp lives 150 s")
    func leeways() async throws {
        let t = Int(h.now)
        _ = try await h.login("deploy", token(["exp": .int(t - 30)]))
        _ = try await h.login("deploy", token(["exp": nil, "nbf": nil, "iat": .int(t - 200)]))
        await expectRefused(
            token(["exp": nil, "nbf": nil, "iat": .int(t - 300)]),
            "error validating token: invalid expiration time (exp) claim: token is expired")
        try await h.write("role/deploy", ["role_type": "jwt", "clock_skew_leeway": -1, "expiration_leeway": 400])
        await expectRefused(
            token(["exp": .int(t - 30)]), "error validating token: invalid expiration time (exp) claim: token is expired")
        _ = try await h.login("deploy", token(["exp": nil, "nbf": nil, "iat": .int(t - 300)]))
        h.clock.advance(301)
        await expectRefused(token(["exp": .int(t + 300)]), "error validating token: invalid expiration time (exp) claim: token is expired")
    }

    @Test("issuer, audience and subject must match the config and role")
    func boundClaims() async throws {
        await expectRefused(token(["iss": "https://evil.example.com"]), "error validating token: invalid issuer (iss) claim")
        await expectRefused(
            token(["aud": "https://github.com/other"]),
            "error validating token: invalid audience (aud) claim: audience claim does not match any expected audience")
        await expectRefused(
            token(["aud": nil]),
            "error validating token: invalid audience (aud) claim: audience claim does not match any expected audience")
        _ = try await h.login("deploy", token(["aud": ["sts.amazonaws.com", "https://github.com/org"]]))
        await expectRefused(
            token(["sub": "repo:org/repo:pull_request"]), "error validating token: invalid subject (sub) claim")
        await expectRefused(
            token(["job_workflow_ref": "org/repo/.github/workflows/evil.yml@refs/heads/main"]),
            "error validating claims: claim \"job_workflow_ref\" does not match any associated bound claim values")
        await expectRefused(token(["job_workflow_ref": nil]), "error validating claims: claim \"job_workflow_ref\" is missing")
    }

    @Test("a role without bound_audiences refuses tokens that carry an audience")
    func audienceWithoutBinding() async throws {
        try await h.write(
            "role/subonly", ["role_type": "jwt", "user_claim": "sub", "bound_subject": "repo:org/repo:ref:refs/heads/main"])
        await expectRefused(token(), "audience claim found in JWT but no audiences bound to the role", role: "subonly")
        #expect(try await h.login("subonly", token(["aud": nil])).alias?.name == "repo:org/repo:ref:refs/heads/main")
    }

    @Test("the user claim and mapped claims must be strings")
    func claimTypes() async throws {
        await expectRefused(token(["repository": nil]), "claim \"repository\" not found in token")
        await expectRefused(token(["repository": 5]), "claim \"repository\" could not be converted to string")
        await expectRefused(token(["actor": 3]), "error converting claim 'actor' to string")
        let r = try await h.login("deploy", token(["actor": nil]))
        #expect(r.metadata["actor"] == nil)
    }

    @Test("jwt_supported_algs limits the algorithms")
    func supportedAlgorithms() async throws {
        try await h.write(
            "config",
            [
                "jwks_url": .string(h.idp.jwksURL), "bound_issuer": .string(CITokens.githubIssuer),
                "jwt_supported_algs": "RS256",
            ])
        _ = try await h.login("deploy", token())
        await expectRefused(
            token(key: ec, kid: "ec1"),
            "error validating token: invalid algorithm (alg) header parameter: token signed with unexpected algorithm")
    }

    @Test("role selection: missing, default, unknown, oidc; missing token; no config")
    func roleSelection() async throws {
        await expectRefused(token(), "missing role", role: "")
        try await h.write(
            "config",
            ["jwks_url": .string(h.idp.jwksURL), "bound_issuer": .string(CITokens.githubIssuer), "default_role": "Deploy"])
        #expect(try await h.login(nil, token()).metadata["role"] == "deploy")
        #expect(try await h.login("DEPLOY", token()).metadata["role"] == "deploy")
        await expectRefused(token(), "role \"nope\" could not be found", role: "nope")
        try await h.write("role/web", ["user_claim": "sub", "allowed_redirect_uris": "http://localhost:8250/oidc/callback"])
        await expectRefused(token(), "role with oidc role_type is not allowed", role: "web")
        await expectRefused("", "missing token")
        let fresh = JWTHarness()
        #expect(await fresh.loginError("deploy", token()) == .invalidRequest("could not load configuration"))
    }

    @Test("token_bound_cidrs on the role limit where logins come from")
    func boundCIDRs() async throws {
        try await h.write("role/deploy", ["role_type": "jwt", "token_bound_cidrs": "10.0.0.0/8"])
        _ = try await h.login("deploy", token(), remote: "10.1.2.3")
        #expect(await h.loginError("deploy", token(), remote: "192.168.1.1") == .permissionDenied)
        #expect(await h.loginError("deploy", token(), remote: nil) == .permissionDenied)
    }
}
