import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

/// Logins with GitLab CI-shaped tokens, keys found through OIDC discovery.
@Suite struct GitLabLoginTests {
    let h = JWTHarness(issuer: CITokens.gitlabIssuer)
    let key = TestKey.makeP384()

    init() async throws {
        h.idp.publish([key.jwk(kid: "gl-1")])
        try await h.write(
            "config", ["oidc_discovery_url": .string(CITokens.gitlabIssuer), "bound_issuer": .string(CITokens.gitlabIssuer)])
        try await h.write(
            "role/release",
            [
                "role_type": "jwt", "user_claim": "project_path", "bound_audiences": "https://arca.example.com",
                "bound_claims_type": "glob",
                "bound_claims": [
                    "namespace_path": "group", "ref": ["main", "release/*"], "ref_type": "branch",
                    "/ci/pipeline/source": "push*",
                ],
                "claim_mappings": ["user_login": "user", "/ci/pipeline/source": "pipeline_source"],
                "groups_claim": "groups_direct", "token_policies": "release",
            ])
    }

    func token(_ overrides: [String: JSONValue?] = [:], kid: String = "gl-1") -> String {
        var o = overrides
        if o["ci"] == nil { o["ci"] = ["pipeline": ["source": "push"]] }
        return key.sign(CITokens.gitlab(now: h.now, o), kid: kid)
    }

    @Test("discovery finds the JWKS; glob bound claims and JSON pointers match nested claims")
    func success() async throws {
        let r = try await h.login("release", token())
        #expect(r.alias?.name == "group/project")
        #expect(r.metadata == ["user": "alice", "pipeline_source": "push", "role": "release"])
        #expect(r.policies == ["release"])
        #expect(r.internalData["group_aliases"] == ["group", "group/infra"])
        _ = try await h.login("release", token(["ref": "release/1.2"]))
        let urls = h.idp.requests.map(\.url)
        #expect(urls.filter { $0.hasSuffix("openid-configuration") }.count == 2)  // config check, first login
        #expect(urls.last == h.idp.jwksURL)
    }

    @Test("a ref outside the globs, a missing nested claim or another namespace is refused")
    func refused() async throws {
        #expect(
            await h.loginError("release", token(["ref": "feature/x"]))
                == .invalidRequest("error validating claims: claim \"ref\" does not match any associated bound claim values"))
        #expect(
            await h.loginError("release", token(["ci": ["pipeline": [:]]]))
                == .invalidRequest("error validating claims: claim \"/ci/pipeline/source\" is missing"))
        #expect(
            await h.loginError("release", token(["namespace_path": "other"]))
                == .invalidRequest(
                    "error validating claims: claim \"namespace_path\" does not match any associated bound claim values"))
        #expect(
            await h.loginError("release", token(["iss": "https://gitlab.com"]))
                == .invalidRequest("error validating token: invalid issuer (iss) claim"))
    }

    @Test("groups: a single string counts as one group; non-strings are refused")
    func groups() async throws {
        #expect(try await h.login("release", token(["groups_direct": "solo"])).internalData["group_aliases"] == ["solo"])
        #expect(
            await h.loginError("release", token(["groups_direct": [1]]))
                == .invalidRequest("value 1 in groups claim could not be parsed as string"))
        #expect(
            await h.loginError("release", token(["groups_direct": ["a": 1]]))
                == .invalidRequest("\"groups_direct\" claim could not be converted to string list"))
        #expect(
            await h.loginError("release", token(["groups_direct": nil]))
                == .invalidRequest("failed to fetch groups: \"groups_direct\" claim not found in token"))
    }

    @Test("user_claim_json_pointer reads the alias name from a nested claim")
    func pointerUserClaim() async throws {
        try await h.write(
            "role/nested",
            [
                "role_type": "jwt", "user_claim": "/ci/project/path", "user_claim_json_pointer": true,
                "bound_audiences": "https://arca.example.com",
            ])
        let r = try await h.login("nested", token(["ci": ["project": ["path": "group/nested"]]]))
        #expect(r.alias?.name == "group/nested")
    }

    @Test("a discovery provider that goes away fails logins with Vault's prefix, not a crash")
    func providerDown() async throws {
        h.idp.setReachable(false)
        let e = await h.loginError("release", token())
        #expect(e?.description.hasPrefix("error validating token: error verifying token signature: fetching keys oidc:") == true)
    }
}

/// Logins checked against static PEM keys.
@Suite struct StaticKeyLoginTests {
    let h = JWTHarness()
    let ed = TestKey.makeEd25519()
    let ec = TestKey.makeP256()

    init() async throws {
        try await h.write(
            "config",
            ["jwt_validation_pubkeys": [.string(ed.publicPEM), .string(ec.publicPEM)], "bound_issuer": .string(CITokens.githubIssuer)])
        try await h.write("role/r", ["role_type": "jwt", "user_claim": "sub", "bound_audiences": "https://github.com/org"])
    }

    @Test("EdDSA and ES256 tokens verify against the configured keys, with no HTTP at all")
    func verifies() async throws {
        #expect(try await h.login("r", ed.sign(CITokens.github(now: h.now))).alias?.name == "repo:org/repo:ref:refs/heads/main")
        #expect(try await h.login("r", ec.sign(CITokens.github(now: h.now))).alias?.name == "repo:org/repo:ref:refs/heads/main")
        #expect(h.idp.requests.isEmpty)
    }

    @Test("another key, alg none, or an algorithm the key cannot do is refused")
    func refused() async throws {
        let noKey = "error validating token: error verifying token signature: no known key successfully validated the token signature"
        #expect(await h.loginError("r", TestKey.rsaA.sign(CITokens.github(now: h.now))) == .invalidRequest(noKey))
        #expect(await h.loginError("r", TestKey.makeP256().sign(CITokens.github(now: h.now))) == .invalidRequest(noKey))
        #expect(await h.loginError("r", TestKey.makeEd25519().sign(CITokens.github(now: h.now))) == .invalidRequest(noKey))
        let payload = ec.sign(CITokens.github(now: h.now)).split(separator: ".")[1]
        let none = b64url(Array(#"{"alg":"none"}"#.utf8)) + "." + payload + "."
        #expect(await h.loginError("r", none) == .invalidRequest(noKey))
        #expect(await h.loginError("r", ec.sign(CITokens.github(now: h.now), alg: "ES384")) == .invalidRequest(noKey))
        #expect(
            await h.loginError("r", "a.b")
                == .invalidRequest("error validating token: error verifying token signature: compact JWS format must have three parts"))
    }
}
