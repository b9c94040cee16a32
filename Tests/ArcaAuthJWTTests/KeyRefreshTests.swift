import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

/// Hardening of remote key sources (issue 36, item 12): tokens under OIDC discovery must name the
/// discovered issuer, and unauthenticated logins cannot make the server fetch the key set at will.
@Suite struct KeyRefreshTests {
    let failed = "error validating token: error verifying token signature: failed to verify id token signature"

    /// A mount whose keys come from the provider's JWKS URL (`discovery: false`) or its discovery
    /// document, with a role that binds nothing but the subject.
    func harness(discovery: Bool, boundIssuer: String? = nil) async throws -> JWTHarness {
        let h = JWTHarness(issuer: CITokens.gitlabIssuer)
        h.idp.publish([TestKey.rsaA.jwk(kid: "k1")])
        var config: [String: JSONValue] =
            discovery ? ["oidc_discovery_url": .string(CITokens.gitlabIssuer)] : ["jwks_url": .string(h.idp.jwksURL)]
        if let boundIssuer { config["bound_issuer"] = .string(boundIssuer) }
        try await h.write("config", config)
        try await h.write("role/ci", ["role_type": "jwt", "user_claim": "sub", "bound_audiences": "https://arca.example.com"])
        return h
    }

    func token(_ h: JWTHarness, _ overrides: [String: JSONValue?] = [:], key: TestKey = .rsaA, kid: String? = "k1") -> String {
        key.sign(CITokens.gitlab(now: h.now, overrides), kid: kid)
    }

    @Test("OIDC discovery without bound_issuer: a token must name the discovered issuer")
    func discoveredIssuer() async throws {
        let h = try await harness(discovery: true)
        #expect(try await h.login("ci", token(h)).alias?.name == "project_path:group/project:ref_type:branch:ref:main")
        for other: JSONValue? in ["https://gitlab.com", "https://gitlab.example.com/", nil, 7] {
            let e = await h.loginError("ci", token(h, ["iss": other]))
            let message =
                other == 7 ? "error validating token: invalid iss claim: expected a string" : "error validating token: invalid issuer (iss) claim"
            #expect(e == .invalidRequest(message), "iss \(String(describing: other))")
        }
    }

    @Test("OIDC discovery with a bound_issuer that differs: the token must satisfy both")
    func boundAndDiscoveredIssuer() async throws {
        let h = try await harness(discovery: true, boundIssuer: "https://gitlab.com")
        let e1 = await h.loginError("ci", token(h))
        #expect(e1 == .invalidRequest("error validating token: invalid issuer (iss) claim"))
        let e2 = await h.loginError("ci", token(h, ["iss": "https://gitlab.com"]))
        #expect(e2 == .invalidRequest("error validating token: invalid issuer (iss) claim"))
    }

    @Test("a JWKS URL without bound_issuer still accepts any issuer (Vault's behaviour; nothing was discovered)")
    func jwksAnyIssuer() async throws {
        let h = try await harness(discovery: false)
        #expect(try await h.login("ci", token(h, ["iss": "https://anything.example"])).alias != nil)
    }

    @Test("unknown kids: one refresh, then none for a minute however many logins ask", arguments: [false, true])
    func unknownKidRateLimited(discovery: Bool) async throws {
        let h = try await harness(discovery: discovery)
        _ = try await h.login("ci", token(h))
        // The first login fetched the keys (a JWKS config check fetched them once before that).
        let base = h.idp.jwksFetches
        #expect(base == (discovery ? 1 : 2))
        // The first unknown kid may refresh at once only when the last fetch is a minute old.
        h.clock.advance(60)
        for i in 0..<25 {
            #expect(await h.loginError("ci", token(h, key: .rsaB, kid: "attacker-\(i)")) == .invalidRequest(failed))
        }
        #expect(h.idp.jwksFetches == base + 1)
        // Concurrent logins with unknown kids and without a kid wait for no new fetch either.
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { _ = await h.loginError("ci", self.token(h, key: .rsaB, kid: i % 2 == 0 ? "x\(i)" : nil)) }
            }
        }
        #expect(h.idp.jwksFetches == base + 1)
        _ = try await h.login("ci", token(h))  // the cached key still works
        h.clock.advance(59)
        #expect(await h.loginError("ci", token(h, key: .rsaB, kid: "late")) == .invalidRequest(failed))
        #expect(h.idp.jwksFetches == base + 1)
        h.clock.advance(1)
        #expect(await h.loginError("ci", token(h, key: .rsaB, kid: "later")) == .invalidRequest(failed))
        #expect(h.idp.jwksFetches == base + 2)
        let discoveries = h.idp.requests.filter { $0.url.hasSuffix("openid-configuration") }.count
        #expect(discoveries == (discovery ? 2 : 0))  // the config check and the first fetch only
    }

    @Test("a rotated key is picked up once the minute since the last fetch has passed")
    func rotationAfterInterval() async throws {
        let h = try await harness(discovery: true)
        _ = try await h.login("ci", token(h))
        h.idp.publish([TestKey.rsaA.jwk(kid: "k1"), TestKey.rsaB.jwk(kid: "k2")])
        #expect(await h.loginError("ci", token(h, key: .rsaB, kid: "k2")) == .invalidRequest(failed))
        h.clock.advance(60)
        #expect(try await h.login("ci", token(h, key: .rsaB, kid: "k2")).alias != nil)
        #expect(try await h.login("ci", token(h)).alias != nil)
    }

    @Test("a provider that is down is asked again at most every 5 seconds, and serves again once back")
    func failuresRetriedSlowly() async throws {
        let h = try await harness(discovery: false)
        h.idp.setReachable(false)
        let before = h.idp.requests.count
        for _ in 0..<10 {
            let e = await h.loginError("ci", token(h))
            #expect(e?.description.hasPrefix("error validating token: error verifying token signature: fetching keys oidc:") == true)
        }
        #expect(h.idp.requests.count == before + 1)
        h.idp.setReachable(true)
        h.clock.advance(5)
        #expect(try await h.login("ci", token(h)).alias != nil)
        #expect(h.idp.requests.count == before + 2)
    }

    @Test("a config write starts afresh: its keys are fetched at once")
    func configResets() async throws {
        let h = try await harness(discovery: false)
        _ = try await h.login("ci", token(h))
        h.idp.publish([TestKey.rsaB.jwk(kid: "k2")])
        try await h.write("config", ["jwks_url": .string(h.idp.jwksURL)])
        #expect(try await h.login("ci", token(h, key: .rsaB, kid: "k2")).alias != nil)
    }
}
