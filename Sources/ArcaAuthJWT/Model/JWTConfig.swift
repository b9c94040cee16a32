import ArcaAuthSupport
import ArcaSDK
import ArcaWire

/// The mount's `config`: where signing keys come from and what every token must satisfy.
/// Exactly one key source is set: static PEM keys, a JWKS URL, or an OIDC discovery URL.
struct JWTConfig: Sendable, Equatable {
    var oidcDiscoveryURL = ""
    var oidcDiscoveryCAPEM = ""
    var oidcClientID = ""
    /// Stored for the OIDC flow; never returned by a read.
    var oidcClientSecret = ""
    var oidcResponseMode = ""
    var oidcResponseTypes: [String] = []
    var jwksURL = ""
    var jwksCAPEM = ""
    var jwtValidationPubkeys: [String] = []
    var jwtSupportedAlgs: [String] = []
    var boundIssuer = ""
    var defaultRole = ""
    var namespaceInState = true

    /// Where signing keys come from.
    enum KeySource: Equatable {
        case staticKeys([String])
        case jwks(url: String, caPEM: String)
        case discovery(url: String, caPEM: String)
    }

    var keySource: KeySource {
        if !jwtValidationPubkeys.isEmpty { return .staticKeys(jwtValidationPubkeys) }
        if !jwksURL.isEmpty { return .jwks(url: jwksURL, caPEM: jwksCAPEM) }
        return .discovery(url: oidcDiscoveryURL, caPEM: oidcDiscoveryCAPEM)
    }

    /// The algorithms a token may be signed with: the configured list, else every one Vault accepts.
    var algorithms: [SignatureAlgorithm] {
        let configured = jwtSupportedAlgs.compactMap(SignatureAlgorithm.init(name:))
        return configured.isEmpty ? SignatureAlgorithm.allCases : configured
    }

    /// What a read shows (the client secret never).
    func readJSON(status: String) -> [String: JSONValue] {
        [
            "oidc_discovery_url": .string(oidcDiscoveryURL), "oidc_discovery_ca_pem": .string(oidcDiscoveryCAPEM),
            "oidc_client_id": .string(oidcClientID), "oidc_response_mode": .string(oidcResponseMode),
            "oidc_response_types": .strings(oidcResponseTypes), "default_role": .string(defaultRole),
            "jwt_validation_pubkeys": .strings(jwtValidationPubkeys), "jwt_supported_algs": .strings(jwtSupportedAlgs),
            "jwks_url": .string(jwksURL), "jwks_ca_pem": .string(jwksCAPEM), "bound_issuer": .string(boundIssuer),
            "provider_config": .object([:]), "override_allowed_server_names": .array([]),
            "namespace_in_state": .bool(namespaceInState), "status": .string(status),
        ]
    }

    var storageJSON: JSONValue {
        var o = readJSON(status: "")
        o["status"] = nil
        o["provider_config"] = nil
        o["override_allowed_server_names"] = nil
        o["oidc_client_secret"] = .string(oidcClientSecret)
        return .object(o)
    }

    init() {}

    init(storageJSON o: [String: JSONValue]) {
        func s(_ k: String) -> String { o[k]?.stringValue ?? "" }
        func list(_ k: String) -> [String] { o[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        oidcDiscoveryURL = s("oidc_discovery_url")
        oidcDiscoveryCAPEM = s("oidc_discovery_ca_pem")
        oidcClientID = s("oidc_client_id")
        oidcClientSecret = s("oidc_client_secret")
        oidcResponseMode = s("oidc_response_mode")
        oidcResponseTypes = list("oidc_response_types")
        jwksURL = s("jwks_url")
        jwksCAPEM = s("jwks_ca_pem")
        jwtValidationPubkeys = list("jwt_validation_pubkeys")
        jwtSupportedAlgs = list("jwt_supported_algs")
        boundIssuer = s("bound_issuer")
        defaultRole = s("default_role")
        namespaceInState = o["namespace_in_state"]?.boolValue ?? true
    }
}
