import ArcaSDK
import ArcaWire

extension JWTBackend {
    enum RoleFields {
        static let name = Field<String>("name", description: "Name of the role.")
        static let roleType = Field<String>("role_type", description: "jwt, or oidc (the browser flow, not served yet).")
        static let clockSkewLeeway = Field<SignedSeconds>(
            "clock_skew_leeway", .durationSeconds, description: "Leeway on every time claim (0: 60s, -1: none).")
        static let expirationLeeway = Field<SignedSeconds>(
            "expiration_leeway", .durationSeconds, description: "Lifetime granted to a token without exp (0: 150s, -1: none).")
        static let notBeforeLeeway = Field<SignedSeconds>(
            "not_before_leeway", .durationSeconds, description: "Validity before exp for a token without nbf or iat (0: 150s).")
        static let boundAudiences = Field<[String]>("bound_audiences", description: "aud values accepted; any match is enough.")
        static let boundSubject = Field<String>("bound_subject", description: "Required value of the sub claim.")
        static let boundClaimsType = Field<String>(
            "bound_claims_type", default: "string", description: "How bound_claims values match: string or glob.")
        static let boundClaims = Field<[String: JSONValue]>(
            "bound_claims", description: "Claims (a /json/pointer for nested ones) and the values they must have.")
        static let claimMappings = Field<[String: JSONValue]>(
            "claim_mappings", .kvPairs, description: "Claims copied into token and alias metadata, as claim: key.")
        static let userClaim = Field<String>("user_claim", description: "Claim whose value names the identity alias.")
        static let userClaimJSONPointer = Field<Bool>(
            "user_claim_json_pointer", description: "Read user_claim as a JSON pointer.")
        static let groupsClaim = Field<String>("groups_claim", description: "Claim listing the caller's groups.")
        static let allowedRedirectURIs = Field<[String]>(
            "allowed_redirect_uris", description: "Redirect URIs of the OIDC flow.")
        static let oidcScopes = Field<[String]>("oidc_scopes", description: "Scopes requested in the OIDC flow.")
        static let oauth2Metadata = Field<[String]>(
            "oauth2_metadata", description: "OIDC tokens to return in metadata: access_token, id_token, refresh_token.")
        static let callbackMode = Field<String>(
            "callback_mode", default: "client", description: "OIDC callback mode: client, direct or device.")
        static let pollInterval = Field<Int>("poll_interval", description: "Polling interval of the device flow, seconds.")
        static let maxAge = Field<Int>(
            "max_age", .durationSeconds, description: "Longest time since the user last authenticated (OIDC).")
        static let verboseLogging = Field<Bool>(
            "verbose_oidc_logging", description: "Log OIDC tokens and claims at debug level (accepted; Arca never logs them).")
        static let disableConfirmation = Field<Bool>(
            "oidc_disable_confirmation", description: "Skip the confirmation page of the OIDC flow.")
        static let templateClaims = Field<Bool>(
            "token_policies_template_claims", description: "Template token_policies from claims (not supported yet).")
        static let after = Field<String>("after", description: "List names after this one.")
        static let limit = Field<Int>("limit", description: "Return at most this many names.")

        static let all: [FieldSpec] =
            [
                name.spec, roleType.spec, clockSkewLeeway.spec, expirationLeeway.spec, notBeforeLeeway.spec,
                boundAudiences.spec, boundSubject.spec, boundClaimsType.spec, boundClaims.spec, claimMappings.spec,
                userClaim.spec, userClaimJSONPointer.spec, groupsClaim.spec, allowedRedirectURIs.spec, oidcScopes.spec,
                oauth2Metadata.spec, callbackMode.spec, pollInterval.spec, maxAge.spec, verboseLogging.spec,
                disableConfirmation.spec, templateClaims.spec,
            ] + TokenSettings.fieldsWithLegacy
    }

    var roleListPath: Path {
        Path(
            "role/?", fields: [RoleFields.after.spec, RoleFields.limit.spec], operations: [.list: listRoles],
            synopsis: "List the roles.")
    }

    var rolePath: Path {
        Path(
            "role/{name}", fields: RoleFields.all,
            operations: [.read: readRole, .create: writeRole, .update: writeRole, .delete: deleteRole],
            existenceCheck: { req, f in try await JWTStore(storage: req.storage).role(try f[RoleFields.name]) != nil },
            synopsis: "Create, read, update and delete a role: the bindings a token must meet and the token it gets.")
    }

    @Sendable func listRoles(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var names = try await store(req).roleNames()
        let after = try f[RoleFields.after]
        if !after.isEmpty { names = names.filter { $0 > after } }
        let limit = try f[RoleFields.limit]
        if limit > 0 { names = Array(names.prefix(limit)) }
        return names.isEmpty ? nil : .list(names)
    }

    @Sendable func readRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let role = try await store(req).role(try f[RoleFields.name]) else { return nil }
        return .data(role.readJSON)
    }

    @Sendable func deleteRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await store(req).deleteRole(try f[RoleFields.name])
        return nil
    }

    @Sendable func writeRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[RoleFields.name]
        var role = try await store(req).role(name) ?? JWTRole()
        try RoleUpdate(fields: f).apply(to: &role)
        try await store(req).putRole(name, role)
        guard role.verboseOIDCLogging else { return nil }
        return LogicalResponse(warnings: [
            "verbose_oidc_logging is set on this role; Arca does not log tokens or claims, so it has no effect"
        ])
    }
}
