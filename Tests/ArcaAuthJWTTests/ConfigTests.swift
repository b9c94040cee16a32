import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

@Suite struct ConfigTests {
    let exactlyOne =
        "exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs', 'oidc_discovery_url', or 'provider_config' must be set"

    @Test("exactly one key source: none or several is Vault's 400")
    func oneSource() async throws {
        let h = JWTHarness()
        #expect(await h.writeError("config", [:]) == .invalidRequest(exactlyOne))
        #expect(await h.writeError("config", ["bound_issuer": "x"]) == .invalidRequest(exactlyOne))
        let both: [String: JSONValue] = [
            "jwks_url": .string(h.idp.jwksURL), "jwt_validation_pubkeys": [.string(TestKey.rsaA.publicPEM)],
        ]
        #expect(await h.writeError("config", both) == .invalidRequest(exactlyOne))
        #expect(try await h.read("config") == nil)
    }

    @Test("a JWKS config is checked against the endpoint, stored, and read back without the client secret")
    func jwksConfig() async throws {
        let h = JWTHarness()
        h.idp.publish([TestKey.rsaA.jwk(kid: "k1")])
        let r = try await h.write(
            "config",
            ["jwks_url": .string(h.idp.jwksURL), "bound_issuer": .string(CITokens.githubIssuer), "default_role": "CI"])
        #expect(r == nil)
        #expect(h.idp.jwksFetches == 1)
        let c = try #require(try await h.read("config"))
        #expect(c["jwks_url"] == .string(h.idp.jwksURL))
        #expect(c["bound_issuer"] == .string(CITokens.githubIssuer))
        #expect(c["default_role"] == "ci")
        #expect(c["status"] == "valid")
        #expect(c["jwt_validation_pubkeys"] == [])
        #expect(c["jwt_supported_algs"] == [])
        #expect(c["namespace_in_state"] == true)
        #expect(c["provider_config"] == .object([:]))
        #expect(c["oidc_client_secret"] == nil)
    }

    @Test("an unreachable or broken JWKS is refused, or only warned about with skip_jwks_validation")
    func jwksUnreachable() async throws {
        let h = JWTHarness()
        #expect(await h.writeError("config", ["jwks_url": "https://idp.invalid/keys"]) == .invalidRequest("error checking jwks URL"))
        h.idp.setReachable(false)
        #expect(await h.writeError("config", ["jwks_url": .string(h.idp.jwksURL)]) == .invalidRequest("error checking jwks URL"))
        let r = try await h.write("config", ["jwks_url": .string(h.idp.jwksURL), "skip_jwks_validation": true])
        #expect(r?.warnings == ["error checking jwks URL"])
        #expect(try await h.read("config")?["jwks_url"] == .string(h.idp.jwksURL))
        #expect(
            await h.writeError("config", ["jwks_url": .string(h.idp.jwksURL), "jwks_ca_pem": "not a pem"])
                == .invalidRequest("error checking jwks_ca_pem"))
    }

    @Test("OIDC discovery: the document must name the configured issuer exactly")
    func discovery() async throws {
        let h = JWTHarness(issuer: CITokens.gitlabIssuer)
        h.idp.publish([TestKey.rsaA.jwk(kid: "k1")])
        #expect(try await h.write("config", ["oidc_discovery_url": .string(CITokens.gitlabIssuer)]) == nil)
        #expect(h.idp.requests.map(\.url) == [CITokens.gitlabIssuer + "/.well-known/openid-configuration"])
        h.idp.setDocumentIssuer("https://elsewhere.example.com")
        #expect(
            await h.writeError("config", ["oidc_discovery_url": .string(CITokens.gitlabIssuer)])
                == .invalidRequest(
                    "error checking oidc discovery URL: issuer did not match the returned issuer, expected \"https://gitlab.example.com\" got \"https://elsewhere.example.com\""
                ))
        #expect(
            await h.writeError("config", ["oidc_discovery_url": .string(CITokens.gitlabIssuer + "/.well-known/openid-configuration")])
                == .invalidRequest("'oidc_discovery_url' contains '.well-known' component"))
    }

    @Test("OIDC client settings: id and secret go together; the secret is stored but never read back")
    func clientSecret() async throws {
        let h = JWTHarness(issuer: CITokens.gitlabIssuer)
        let url = JSONValue.string(CITokens.gitlabIssuer)
        #expect(
            await h.writeError("config", ["oidc_discovery_url": url, "oidc_client_secret": "s3cr3t"])
                == .invalidRequest("both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC"))
        #expect(
            await h.writeError("config", ["jwks_url": .string(h.idp.jwksURL), "oidc_client_id": "a", "oidc_client_secret": "b"])
                == .invalidRequest("'oidc_discovery_url' must be set for OIDC"))
        try await h.write("config", ["oidc_discovery_url": url, "oidc_client_id": "arca", "oidc_client_secret": "s3cr3t"])
        let c = try #require(try await h.read("config"))
        #expect(c["oidc_client_id"] == "arca")
        #expect(c["oidc_client_secret"] == nil)
        #expect(!c.values.contains(.string("s3cr3t")))
        #expect(h.storage.text("config")?.contains("s3cr3t") == true)
    }

    @Test("static keys must parse; algorithms must be ones Vault accepts")
    func staticKeys() async throws {
        let h = JWTHarness()
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": ["garbage"]])
                == .invalidRequest("error parsing public key: data does not contain any valid public keys"))
        let keys: JSONValue = [
            .string(TestKey.rsaA.publicPEM), .string(TestKey.makeP256().publicPEM),
            .string(TestKey.makeEd25519().publicPEM),
        ]
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": keys, "jwt_supported_algs": "RS256,HS256"])
                == .invalidRequest("invalid jwt_supported_algs: unsupported signing algorithm \"HS256\""))
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": keys, "jwt_supported_algs": "none"])
                == .invalidRequest("invalid jwt_supported_algs: unsupported signing algorithm \"none\""))
        try await h.write("config", ["jwt_validation_pubkeys": keys, "jwt_supported_algs": "RS256,ES256,EdDSA"])
        #expect(try await h.read("config")?["jwt_validation_pubkeys"]?.arrayValue?.count == 3)
        #expect(h.idp.requests.isEmpty)
    }

    @Test("OIDC response settings are validated as Vault does")
    func responseSettings() async throws {
        let h = JWTHarness()
        let pem = JSONValue.array([.string(TestKey.rsaA.publicPEM)])
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": pem, "oidc_response_types": "x"])
                == .invalidRequest("invalid response_types [x]. 'code' and 'id_token' are allowed"))
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": pem, "oidc_response_types": "id_token"])
                == .invalidRequest("query response_mode may not be used with an id_token response_type"))
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": pem, "oidc_response_mode": "foo"])
                == .invalidRequest("invalid response_mode: \"foo\""))
        #expect(
            await h.writeError("config", ["jwt_validation_pubkeys": pem, "provider_config": ["provider": "azure"]])
                == .invalidRequest("invalid provider_config: provider-specific configuration is not supported yet"))
    }
}
