import ArcaAuthSupport
import ArcaSDK
import ArcaWire

/// Applies a role write to a role, field by field, with Vault's validation and messages.
/// As in Vault, `role_type`, `bound_claims_type` and `callback_mode` take their defaults when a
/// write omits them; every other field keeps its value.
struct RoleUpdate {
    typealias F = JWTBackend.RoleFields
    let fields: FieldData

    func apply(to role: inout JWTRole) throws {
        let f = fields
        let roleType = try f.ifPresent(F.roleType).flatMap { $0.isEmpty ? nil : $0 } ?? "oidc"
        guard roleType == "jwt" || roleType == "oidc" else {
            throw LogicalError.invalidRequest("invalid 'role_type': \(roleType)")
        }
        role.roleType = roleType
        try role.token.update(from: f)
        if let v = try f.ifPresent(F.expirationLeeway) { role.expirationLeeway = v.seconds }
        if let v = try f.ifPresent(F.notBeforeLeeway) { role.notBeforeLeeway = v.seconds }
        if let v = try f.ifPresent(F.clockSkewLeeway) { role.clockSkewLeeway = v.seconds }
        if let v = try f.ifPresent(F.boundAudiences) { role.boundAudiences = v }
        if let v = try f.ifPresent(F.boundSubject) { role.boundSubject = v }
        if let v = try f.ifPresent(F.verboseLogging) { role.verboseOIDCLogging = v }
        if let v = try f.ifPresent(F.maxAge) { role.maxAge = v }
        if let v = try f.ifPresent(F.disableConfirmation) { role.oidcDisableConfirmation = v }
        if try f.ifPresent(F.templateClaims) == true {
            throw LogicalError.invalidRequest("token_policies_template_claims is not supported yet")
        }
        try applyBoundClaims(&role)
        try applyClaimMappings(&role)
        if let v = try f.ifPresent(F.oauth2Metadata) {
            for name in v where !["id_token", "refresh_token", "access_token"].contains(name) {
                throw LogicalError.invalidRequest("Unrecognized oauth2 metadata name \(name)")
            }
            role.oauth2Metadata = v
        }
        if let v = try f.ifPresent(F.userClaim) { role.userClaim = v }
        if role.userClaim.isEmpty { throw LogicalError.invalidRequest("a user claim must be defined on the role") }
        if let v = try f.ifPresent(F.userClaimJSONPointer) { role.userClaimJSONPointer = v }
        if let v = try f.ifPresent(F.groupsClaim) { role.groupsClaim = v }
        if let v = try f.ifPresent(F.oidcScopes) { role.oidcScopes = v }
        if let v = try f.ifPresent(F.allowedRedirectURIs) { role.allowedRedirectURIs = v }
        if let v = try f.ifPresent(F.pollInterval) { role.pollInterval = v }
        let mode = try f[F.callbackMode]
        guard ["device", "direct", "client"].contains(mode) else {
            throw LogicalError.invalidRequest("invalid 'callback_mode': \(mode)")
        }
        role.callbackMode = mode
        try checkConstraints(role)
    }

    private func applyBoundClaims(_ role: inout JWTRole) throws {
        let type = try fields[F.boundClaimsType]
        guard type == "string" || type == "glob" else {
            throw LogicalError.invalidRequest("invalid 'bound_claims_type': \(type)")
        }
        role.boundClaimsType = type
        guard let claims = try fields.ifPresent(F.boundClaims) else { return }
        if type == "glob" {
            for (_, value) in claims.sorted(by: { $0.key < $1.key }) {
                guard let values = ClaimLookup.normalizeList(value) else {
                    throw LogicalError.invalidRequest("claim is not a string or list: \(ClaimLookup.describe(value))")
                }
                for v in values where v.stringValue == nil {
                    throw LogicalError.invalidRequest("claim is not a string: \(ClaimLookup.describe(v))")
                }
            }
        }
        role.boundClaims = claims
    }

    private func applyClaimMappings(_ role: inout JWTRole) throws {
        guard let raw = try fields.ifPresent(F.claimMappings) else { return }
        var mappings: [String: String] = [:]
        var targets = Set<String>()
        for (claim, value) in raw.sorted(by: { $0.key < $1.key }) {
            let key: String
            switch value {
            case .string(let s): key = s
            case .number(let n): key = n.literal
            case .bool(let b): key = b ? "true" : "false"
            default: throw LogicalError.invalidRequest("claim_mappings values must be strings")
            }
            if key == "role" {
                throw LogicalError.invalidRequest("metadata key \"role\" is reserved and may not be a mapping destination")
            }
            guard targets.insert(key).inserted else {
                throw LogicalError.invalidRequest("multiple keys are mapped to metadata key \(quoted(key))")
            }
            mappings[claim] = key
        }
        role.claimMappings = mappings
    }

    private func checkConstraints(_ role: JWTRole) throws {
        if role.roleType == "oidc" && (role.allowedRedirectURIs ?? []).isEmpty {
            throw LogicalError.invalidRequest("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.")
        }
        // An oidc role is bound by the client ID the provider checks; a jwt role needs a binding of its own.
        if role.roleType == "jwt" && (role.boundAudiences ?? []).isEmpty && role.token.boundCIDRs.isEmpty
            && role.boundSubject.isEmpty && (role.boundClaims ?? [:]).isEmpty
        {
            throw LogicalError.invalidRequest("must have at least one bound constraint when creating/updating a role")
        }
    }
}
