import ArcaAuthSupport
import ArcaSDK
import ArcaWire

extension JWTBackend {
    enum ConfigFields {
        static let discoveryURL = Field<String>(
            "oidc_discovery_url", description: "OIDC issuer URL; its discovery document gives the JWKS.")
        static let discoveryCA = Field<String>(
            "oidc_discovery_ca_pem", description: "PEM CA certificates for the discovery URL (system roots if empty).")
        static let clientID = Field<String>("oidc_client_id", description: "OAuth client ID for the OIDC flow.")
        static let clientSecret = Field<String>(
            "oidc_client_secret", description: "OAuth client secret for the OIDC flow; never returned.")
        static let responseMode = Field<String>("oidc_response_mode", description: "OIDC response mode: query or form_post.")
        static let responseTypes = Field<[String]>("oidc_response_types", description: "OIDC response types: code, id_token.")
        static let jwksURL = Field<String>("jwks_url", description: "URL of a JWKS with the signing keys.")
        static let jwksCA = Field<String>("jwks_ca_pem", description: "PEM CA certificates for the JWKS URL.")
        static let defaultRole = Field<String>("default_role", description: "Role used when a login names none.")
        static let pubkeys = Field<[String]>(
            "jwt_validation_pubkeys", description: "PEM public keys (or certificates) that sign tokens.")
        static let algs = Field<[String]>(
            "jwt_supported_algs", description: "Accepted signing algorithms (default: every asymmetric one).")
        static let boundIssuer = Field<String>("bound_issuer", description: "Required value of the iss claim.")
        static let providerConfig = Field<[String: JSONValue]>(
            "provider_config", description: "Provider-specific settings (not supported yet).")
        static let allowedServerNames = Field<[String]>(
            "override_allowed_server_names", description: "TLS server names to accept instead of the URL's host (not supported yet).")
        static let namespaceInState = Field<Bool>(
            "namespace_in_state", description: "Carry the namespace in the OIDC state parameter.")
        static let skipValidation = Field<Bool>(
            "skip_jwks_validation", description: "Warn instead of failing when the JWKS or discovery URL cannot be reached.")

        static let all: [FieldSpec] = [
            discoveryURL.spec, discoveryCA.spec, clientID.spec, clientSecret.spec, responseMode.spec, responseTypes.spec,
            jwksURL.spec, jwksCA.spec, defaultRole.spec, pubkeys.spec, algs.spec, boundIssuer.spec, providerConfig.spec,
            allowedServerNames.spec, namespaceInState.spec, skipValidation.spec,
        ]
    }

    var configPath: Path {
        Path(
            "config", fields: ConfigFields.all, operations: [.read: readConfig, .update: writeConfig],
            synopsis: "Configure where signing keys come from and the issuer every token must name.")
    }

    @Sendable func readConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let config = try await store(req).config() else { return nil }
        return .data(config.readJSON(status: "valid"))
    }

    @Sendable func writeConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        typealias F = ConfigFields
        let existing = try await store(req).config()
        var c = JWTConfig()
        c.oidcDiscoveryURL = try f[F.discoveryURL]
        c.oidcDiscoveryCAPEM = try f[F.discoveryCA]
        c.oidcClientID = try f[F.clientID]
        c.oidcClientSecret = try f[F.clientSecret]
        c.oidcResponseMode = try f[F.responseMode]
        c.oidcResponseTypes = try f[F.responseTypes]
        c.jwksURL = try f[F.jwksURL]
        c.jwksCAPEM = try f[F.jwksCA]
        c.defaultRole = try f[F.defaultRole].lowercased()
        c.jwtValidationPubkeys = try f[F.pubkeys]
        c.jwtSupportedAlgs = try f[F.algs]
        c.boundIssuer = try f[F.boundIssuer]
        c.namespaceInState = try f.ifPresent(F.namespaceInState) ?? existing?.namespaceInState ?? true
        let skip = try f[F.skipValidation]
        if !(try f[F.providerConfig]).isEmpty {
            throw LogicalError.invalidRequest("invalid provider_config: provider-specific configuration is not supported yet")
        }
        if !(try f[F.allowedServerNames]).isEmpty {
            throw LogicalError.invalidRequest("override_allowed_server_names is not supported yet")
        }
        let warnings = try await checkKeySource(&c, skipUnreachable: skip)
        try Self.checkOIDCSettings(c)
        try await store(req).putConfig(c)
        await keys.reset()
        return warnings.isEmpty ? nil : LogicalResponse(warnings: warnings)
    }

    /// Exactly one key source, and it must work: keys parse, the JWKS or discovery URL answers.
    /// Returns the warnings to show (an unreachable URL when `skipUnreachable`).
    func checkKeySource(_ c: inout JWTConfig, skipUnreachable: Bool) async throws -> [String] {
        let sources = [!c.oidcDiscoveryURL.isEmpty, !c.jwtValidationPubkeys.isEmpty, !c.jwksURL.isEmpty].filter { $0 }
        guard sources.count == 1 else {
            throw LogicalError.invalidRequest(
                "exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs', 'oidc_discovery_url', or 'provider_config' must be set"
            )
        }
        if c.oidcClientID.isEmpty != c.oidcClientSecret.isEmpty {
            throw LogicalError.invalidRequest("both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC")
        }
        let remote = RemoteDocuments(http: http)
        var warnings: [String] = []
        if !c.oidcDiscoveryURL.isEmpty {
            if c.oidcDiscoveryURL.contains(".well-known") {
                throw LogicalError.invalidRequest("'oidc_discovery_url' contains '.well-known' component")
            }
            do throws(JOSEError) {
                try Self.checkCAPEM(c.oidcDiscoveryCAPEM)
                _ = try await remote.discoverKeySetURL(issuer: c.oidcDiscoveryURL, caPEM: c.oidcDiscoveryCAPEM)
            } catch {
                guard skipUnreachable else {
                    throw LogicalError.invalidRequest("error checking oidc discovery URL: \(error.message)")
                }
                warnings.append("error checking oidc discovery URL")
            }
        } else if !c.oidcClientID.isEmpty {
            throw LogicalError.invalidRequest("'oidc_discovery_url' must be set for OIDC")
        } else if !c.jwksURL.isEmpty {
            do throws(JOSEError) {
                try Self.checkCAPEM(c.jwksCAPEM)
            } catch {
                throw LogicalError.invalidRequest("error checking jwks_ca_pem")
            }
            do {
                _ = try await remote.keySet(url: c.jwksURL, caPEM: c.jwksCAPEM)
            } catch {
                guard skipUnreachable else { throw LogicalError.invalidRequest("error checking jwks URL") }
                warnings.append("error checking jwks URL")
            }
        } else {
            for pem in c.jwtValidationPubkeys {
                do throws(JOSEError) {
                    _ = try VerificationKey(pem: pem)
                } catch {
                    throw LogicalError.invalidRequest("error parsing public key: \(error.message)")
                }
            }
        }
        for alg in c.jwtSupportedAlgs where SignatureAlgorithm(name: alg) == nil {
            throw LogicalError.invalidRequest("invalid jwt_supported_algs: unsupported signing algorithm \(quoted(alg))")
        }
        return warnings
    }

    /// A CA bundle must hold at least one PEM certificate (checked again, fully, when a request is made).
    static func checkCAPEM(_ pem: String) throws(JOSEError) {
        if !pem.isEmpty && !pem.contains("-----BEGIN CERTIFICATE-----") {
            throw JOSEError("could not parse CA PEM value successfully")
        }
    }

    static func checkOIDCSettings(_ c: JWTConfig) throws {
        for t in c.oidcResponseTypes where t != "code" && t != "id_token" {
            throw LogicalError.invalidRequest(
                "invalid response_types [\(c.oidcResponseTypes.joined(separator: " "))]. 'code' and 'id_token' are allowed")
        }
        switch c.oidcResponseMode {
        case "", "query":
            if c.oidcResponseTypes.contains("id_token") {
                throw LogicalError.invalidRequest("query response_mode may not be used with an id_token response_type")
            }
        case "form_post": break
        default: throw LogicalError.invalidRequest("invalid response_mode: \(quoted(c.oidcResponseMode))")
        }
    }
}
