import ArcaSDK
import ArcaWire

/// A role: which tokens may log in through it and what Vault token they get.
struct JWTRole: Sendable, Equatable {
    var roleType = "oidc"
    var token = TokenSettings()
    /// Raw leeways in seconds: 0 takes the default, negative disables.
    var clockSkewLeeway = 0
    var expirationLeeway = 0
    var notBeforeLeeway = 0
    var boundAudiences: [String]?
    var boundSubject = ""
    var boundClaimsType = "string"
    var boundClaims: [String: JSONValue]?
    var claimMappings: [String: String]?
    var userClaim = ""
    var userClaimJSONPointer = false
    var groupsClaim = ""
    // Kept for the OIDC browser flow, which is not served yet.
    var allowedRedirectURIs: [String]?
    var oidcScopes: [String]?
    var oauth2Metadata: [String]?
    var callbackMode = "client"
    var pollInterval = 0
    var maxAge = 0
    var verboseOIDCLogging = false
    var oidcDisableConfirmation = false

    init() {}

    /// What a read shows, with OpenBao's keys (unset lists are `null`).
    var readJSON: [String: JSONValue] {
        func list(_ v: [String]?) -> JSONValue { v.map(JSONValue.strings) ?? .null }
        var d: [String: JSONValue] = [
            "role_type": .string(roleType), "clock_skew_leeway": .int(clockSkewLeeway),
            "expiration_leeway": .int(expirationLeeway), "not_before_leeway": .int(notBeforeLeeway),
            "bound_audiences": list(boundAudiences), "bound_subject": .string(boundSubject),
            "bound_claims_type": .string(boundClaimsType), "bound_claims": boundClaims.map(JSONValue.object) ?? .null,
            "claim_mappings": claimMappings.map { .object($0.mapValues(JSONValue.string)) } ?? .null,
            "user_claim": .string(userClaim), "user_claim_json_pointer": .bool(userClaimJSONPointer),
            "groups_claim": .string(groupsClaim), "allowed_redirect_uris": list(allowedRedirectURIs),
            "oidc_scopes": list(oidcScopes), "oauth2_metadata": list(oauth2Metadata),
            "callback_mode": .string(callbackMode), "max_age": .int(maxAge),
            "verbose_oidc_logging": .bool(verboseOIDCLogging), "oidc_disable_confirmation": .bool(oidcDisableConfirmation),
            "token_policies_template_claims": .bool(false),
        ]
        if pollInterval > 0 { d["poll_interval"] = .int(pollInterval) }
        d.merge(token.storageJSON) { a, _ in a }
        return d
    }

    var storageJSON: JSONValue {
        var d = readJSON.filter { $0.value != .null }
        d["token_policies_template_claims"] = nil
        d["poll_interval"] = .int(pollInterval)
        return .object(d)
    }

    init(storageJSON o: [String: JSONValue]) {
        func s(_ k: String) -> String? { o[k]?.stringValue }
        func i(_ k: String) -> Int { o[k]?.int64Value.map { Int($0) } ?? 0 }
        func b(_ k: String) -> Bool { o[k]?.boolValue ?? false }
        func list(_ k: String) -> [String]? { o[k]?.arrayValue?.compactMap(\.stringValue) }
        roleType = s("role_type") ?? "jwt"
        token = TokenSettings(storageJSON: o)
        clockSkewLeeway = i("clock_skew_leeway")
        expirationLeeway = i("expiration_leeway")
        notBeforeLeeway = i("not_before_leeway")
        boundAudiences = list("bound_audiences")
        boundSubject = s("bound_subject") ?? ""
        boundClaimsType = s("bound_claims_type") ?? "string"
        boundClaims = o["bound_claims"]?.objectValue
        claimMappings = o["claim_mappings"]?.objectValue?.compactMapValues(\.stringValue)
        userClaim = s("user_claim") ?? ""
        userClaimJSONPointer = b("user_claim_json_pointer")
        groupsClaim = s("groups_claim") ?? ""
        allowedRedirectURIs = list("allowed_redirect_uris")
        oidcScopes = list("oidc_scopes")
        oauth2Metadata = list("oauth2_metadata")
        callbackMode = s("callback_mode") ?? "client"
        pollInterval = i("poll_interval")
        maxAge = i("max_age")
        verboseOIDCLogging = b("verbose_oidc_logging")
        oidcDisableConfirmation = b("oidc_disable_confirmation")
    }
}
