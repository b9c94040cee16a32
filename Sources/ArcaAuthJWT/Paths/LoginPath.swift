import ArcaAuthSupport
import ArcaSDK
import ArcaWire

extension JWTBackend {
    enum LoginFields {
        static let role = Field<String>("role", description: "The role to log in with (default: the config's default_role).")
        static let jwt = Field<String>("jwt", description: "The signed JWT.")
    }

    var loginPath: Path {
        Path(
            "login", fields: [LoginFields.role.spec, LoginFields.jwt.spec], operations: [.update: login],
            synopsis: "Log in with a signed JWT.")
    }

    @Sendable func login(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let store = store(req)
        guard let config = try await store.config() else {
            throw LogicalError.invalidRequest("could not load configuration")
        }
        var roleName = try f[LoginFields.role].lowercased()
        if roleName.isEmpty { roleName = config.defaultRole }
        guard !roleName.isEmpty else { throw LogicalError.invalidRequest("missing role") }
        guard let role = try await store.role(roleName) else {
            throw LogicalError.invalidRequest("role \(quoted(roleName)) could not be found")
        }
        if role.roleType == "oidc" { throw LogicalError.invalidRequest("role with oidc role_type is not allowed") }
        let token = try f[LoginFields.jwt]
        guard !token.isEmpty else { throw LogicalError.invalidRequest("missing token") }
        if !CIDR.allows(role.token.boundCIDRs, address: req.remoteAddress) { throw LogicalError.permissionDenied }

        var expected = ExpectedClaims()
        expected.issuer = config.boundIssuer
        expected.subject = role.boundSubject
        expected.audiences = role.boundAudiences ?? []
        expected.algorithms = config.algorithms
        expected.leeways = Leeways(
            clockSkew: role.clockSkewLeeway, expiration: role.expirationLeeway, notBefore: role.notBeforeLeeway)
        let claims: [String: JSONValue]
        do {
            claims = try await TokenValidator(cache: keys).validate(token, source: config.keySource, expected: expected, now: now())
        } catch {
            throw LogicalError.invalidRequest("error validating token: \(error.message)")
        }
        // A token meant for some audience must not be usable with a role that names none.
        if (role.boundAudiences ?? []).isEmpty, let aud = ClaimLookup.value(claims, "aud")?.arrayValue, !aud.isEmpty {
            throw LogicalError.invalidRequest("audience claim found in JWT but no audiences bound to the role")
        }
        return .login(try Self.authResult(role: role, roleName: roleName, claims: claims))
    }

    /// The login's result: alias from the user claim, metadata from claim mappings plus the role,
    /// groups from the groups claim, token settings from the role.
    static func authResult(role: JWTRole, roleName: String, claims: [String: JSONValue]) throws -> AuthResult {
        let rules = ClaimRules(role: role, claims: claims)
        let alias: String
        var metadata: [String: String]
        let groups: [String]
        do throws(JOSEError) {
            alias = try rules.aliasName()
            metadata = try rules.metadata()
            groups = try rules.groups()
        } catch {
            throw LogicalError.invalidRequest(error.message)
        }
        metadata["role"] = roleName
        do throws(JOSEError) {
            try rules.checkBoundClaims()
        } catch {
            throw LogicalError.invalidRequest("error validating claims: \(error.message)")
        }
        var internalData: [String: JSONValue] = ["role": .string(roleName)]
        if !groups.isEmpty { internalData["group_aliases"] = .strings(groups) }
        return AuthResult(
            policies: role.token.policies, metadata: metadata, displayName: alias,
            alias: IdentityAlias(name: alias, metadata: metadata), token: role.token, internalData: internalData)
    }
}
