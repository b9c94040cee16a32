import ArcaSDK
import ArcaWire
import Testing

@Suite struct RoleTests {
    let h = JWTHarness()

    @Test("a jwt role needs a user claim and at least one binding; an oidc role needs redirect URIs")
    func requiredFields() async throws {
        #expect(await h.writeError("role/ci", ["role_type": "jwt"]) == .invalidRequest("a user claim must be defined on the role"))
        #expect(
            await h.writeError("role/ci", ["role_type": "jwt", "user_claim": "sub"])
                == .invalidRequest("must have at least one bound constraint when creating/updating a role"))
        #expect(
            await h.writeError("role/ci", ["user_claim": "sub", "bound_audiences": "x"])
                == .invalidRequest("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified."))
        #expect(await h.writeError("role/ci", ["role_type": "saml"]) == .invalidRequest("invalid 'role_type': saml"))
        try await h.write(
            "role/web", ["user_claim": "sub", "allowed_redirect_uris": "http://localhost:8250/oidc/callback"])
        #expect(try await h.read("role/web")?["role_type"] == "oidc")
        #expect(try await h.list("role") == ["web"])
    }

    @Test("a role reads back with OpenBao's shape, and an update keeps what it does not name")
    func readShape() async throws {
        try await h.write(
            "role/GitHub",
            [
                "role_type": "jwt", "user_claim": "repository", "bound_audiences": ["https://github.com/org"],
                "bound_claims": ["ref": "refs/heads/main", "repository": ["org/repo", "org/other"]],
                "claim_mappings": ["ref": "git_ref", "actor": "actor"], "token_policies": "ci,Deploy",
                "token_ttl": "1h", "clock_skew_leeway": "-1", "not_before_leeway": "2m",
            ])
        let r = try #require(try await h.read("role/github"))
        #expect(r["role_type"] == "jwt")
        #expect(r["bound_audiences"] == ["https://github.com/org"])
        #expect(r["bound_claims"] == ["ref": "refs/heads/main", "repository": ["org/repo", "org/other"]])
        #expect(r["bound_claims_type"] == "string")
        #expect(r["claim_mappings"] == ["ref": "git_ref", "actor": "actor"])
        #expect(r["token_policies"] == ["ci", "Deploy"])
        #expect(r["token_ttl"] == 3600)
        #expect(r["clock_skew_leeway"] == -1)
        #expect(r["not_before_leeway"] == 120)
        #expect(r["expiration_leeway"] == 0)
        #expect(r["bound_subject"] == "")
        #expect(r["allowed_redirect_uris"] == .null)
        #expect(r["callback_mode"] == "client")
        #expect(r["user_claim_json_pointer"] == false)
        #expect(r["verbose_oidc_logging"] == false)
        #expect(r["token_type"] == "default")
        #expect(try await h.list("role") == ["github"])

        try await h.write("role/github", ["role_type": "jwt", "token_ttl": 60])
        let u = try #require(try await h.read("role/github"))
        #expect(u["token_ttl"] == 60)
        #expect(u["user_claim"] == "repository")
        #expect(u["claim_mappings"] == ["ref": "git_ref", "actor": "actor"])
        #expect(u["token_policies"] == ["ci", "Deploy"])

        _ = try await h.backend.handle(h.request(.delete, "role/github"))
        #expect(try await h.read("role/github") == nil)
        #expect(try await h.list("role") == [])
    }

    @Test("bound claims, glob values and claim mappings are validated")
    func claimValidation() async throws {
        let base: [String: JSONValue] = ["role_type": "jwt", "user_claim": "sub", "bound_subject": "x"]
        func with(_ extra: [String: JSONValue]) -> [String: JSONValue] { base.merging(extra) { _, n in n } }
        #expect(
            await h.writeError("role/r", with(["bound_claims_type": "regex"]))
                == .invalidRequest("invalid 'bound_claims_type': regex"))
        #expect(
            await h.writeError("role/r", with(["bound_claims_type": "glob", "bound_claims": ["a": 5]]))
                == .invalidRequest("claim is not a string: 5"))
        #expect(
            await h.writeError("role/r", with(["bound_claims_type": "glob", "bound_claims": ["a": ["x", 5]]]))
                == .invalidRequest("claim is not a string: 5"))
        #expect(
            await h.writeError("role/r", with(["claim_mappings": ["a": "role"]]))
                == .invalidRequest("metadata key \"role\" is reserved and may not be a mapping destination"))
        #expect(
            await h.writeError("role/r", with(["claim_mappings": ["a": "m", "b": "m"]]))
                == .invalidRequest("multiple keys are mapped to metadata key \"m\""))
        #expect(
            await h.writeError("role/r", with(["oauth2_metadata": "foo"]))
                == .invalidRequest("Unrecognized oauth2 metadata name foo"))
        #expect(
            await h.writeError("role/r", with(["callback_mode": "foo"])) == .invalidRequest("invalid 'callback_mode': foo"))
        #expect(
            await h.writeError("role/r", with(["token_ttl": 60, "token_max_ttl": 30]))
                == .invalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'"))
        #expect(
            await h.writeError("role/r", with(["token_policies_template_claims": true]))
                == .invalidRequest("token_policies_template_claims is not supported yet"))
        #expect(await h.writeError("role/r", with(["clock_skew_leeway": "abc"])) != nil)
        try await h.write("role/r", with(["claim_mappings": ["a=b", "c=d"]]))
        #expect(try await h.read("role/r")?["claim_mappings"] == ["a": "b", "c": "d"])
    }

    @Test("verbose_oidc_logging is accepted, with a warning")
    func verboseLogging() async throws {
        let r = try await h.write(
            "role/r", ["role_type": "jwt", "user_claim": "sub", "bound_subject": "x", "verbose_oidc_logging": true])
        #expect(r?.warnings.count == 1)
        #expect(try await h.read("role/r")?["verbose_oidc_logging"] == true)
    }

    @Test("the list honours after and limit")
    func listPaging() async throws {
        for name in ["a", "b", "c", "d"] {
            try await h.write("role/\(name)", ["role_type": "jwt", "user_claim": "sub", "bound_subject": "x"])
        }
        #expect(try await h.list("role/") == ["a", "b", "c", "d"])
        let page = try await h.backend.handle(h.request(.list, "role", ["after": "a", "limit": 2]))
        #expect(page?.data?["keys"] == ["b", "c"])
    }
}
