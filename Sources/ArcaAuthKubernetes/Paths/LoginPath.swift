import ArcaAuthSupport
import ArcaSDK
import ArcaWire

extension KubernetesBackend {
    enum LoginFields {
        static let role = Field<String>("role", description: "The role to log in with.")
        static let jwt = Field<String>("jwt", description: "The service account's JWT.")
    }

    var loginPath: Path {
        Path(
            "login", fields: [LoginFields.role.spec, LoginFields.jwt.spec], operations: [.update: login],
            synopsis: "Log in with a Kubernetes service-account token.")
    }

    /// Algorithms Kubernetes signs service-account tokens with.
    static let algorithms: [SignatureAlgorithm] = [.rs256, .rs384, .rs512, .es256, .es384, .es512]

    @Sendable func login(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let roleName = try f[LoginFields.role]
        guard !roleName.isEmpty else { throw LogicalError.invalidRequest("missing role") }
        let token = try f[LoginFields.jwt]
        guard !token.isEmpty else { throw LogicalError.invalidRequest("missing jwt") }
        guard let role = try await store(req).role(roleName) else {
            throw LogicalError.invalidRequest("invalid role name \(quoted(roleName))")
        }
        if !CIDR.allows(role.token.boundCIDRs, address: req.remoteAddress) { throw LogicalError.permissionDenied }
        guard let config = try await store(req).config() else {
            throw LogicalError.coded(status: 500, message: "could not load backend configuration")
        }
        let claimed = try await validate(token, role: role, config: config)
        try Self.checkBindings(claimed, role)
        guard let aliasName = Self.aliasName(claimed, role) else { throw LogicalError.permissionDenied }

        // The API server has the last word: the token must still be valid and name the same account.
        let pod = config.disableLocalCAJWT ? PodCredentials() : podCredentials()
        let ca = config.caCert.isEmpty ? pod.caCert : config.caCert
        let bearer = [config.tokenReviewerJWT, pod.token ?? ""].first { !$0.isEmpty } ?? token
        let wanted = role.audience.isEmpty ? claimed.audiences : [role.audience]
        let reviewed: ServiceAccount
        do throws(TokenReview.ReviewError) {
            reviewed = try await TokenReview(http: http).review(
                token, host: config.host, caPEM: ca, bearer: bearer, audiences: wanted)
        } catch {
            throw LogicalError.permissionDenied
        }
        guard reviewed.name == claimed.name, reviewed.uid == claimed.uid, reviewed.namespace == claimed.namespace else {
            throw LogicalError.permissionDenied
        }
        return .login(Self.authResult(claimed, aliasName: aliasName, roleName: roleName, role: role))
    }

    /// Reads the token's claims, verifying its signature when `pem_keys` are configured, and checks
    /// algorithm, issuer (when enabled), audience (when the role names one) and expiry.
    func validate(_ token: String, role: KubernetesRole, config: KubernetesConfig) async throws -> ServiceAccount {
        guard let jws = try? CompactJWS(token), let alg = SignatureAlgorithm(name: jws.algorithm) else {
            throw LogicalError.permissionDenied
        }
        if !config.pemKeys.isEmpty {
            var verified = false
            for pem in config.pemKeys {
                if let key = try? VerificationKey(pem: pem), await key.verifies(jws, as: alg) {
                    verified = true
                    break
                }
            }
            guard verified else { throw LogicalError.permissionDenied }
        }
        var expected = ExpectedClaims()
        expected.algorithms = Self.algorithms
        if !config.disableISSValidation { expected.issuer = config.issuer }
        if !role.audience.isEmpty { expected.audiences = [role.audience] }
        do throws(JOSEError) {
            try ClaimsValidator.validate(jws, expected, now: now(), allowMissingTimes: true)
        } catch {
            throw LogicalError.coded(status: 403, message: error.message)
        }
        return ServiceAccount(claims: jws.claims)
    }

    static func checkBindings(_ sa: ServiceAccount, _ role: KubernetesRole) throws {
        if role.serviceAccountNames != ["*"] && !Glob.anyMatches(role.serviceAccountNames, sa.name) {
            throw LogicalError.coded(status: 403, message: "service account name not authorized")
        }
        if role.serviceAccountNamespaces.first != "*" && !Glob.anyMatches(role.serviceAccountNamespaces, sa.namespace) {
            throw LogicalError.coded(status: 403, message: "namespace not authorized")
        }
    }

    /// The alias name per `alias_name_source`; `nil` when the token lacks what it needs.
    static func aliasName(_ sa: ServiceAccount, _ role: KubernetesRole) -> String? {
        switch KubernetesRole.AliasNameSource(rawValue: role.aliasNameSource) ?? .uid {
        case .uid: sa.uid.isEmpty ? nil : sa.uid
        case .name: sa.namespace.isEmpty || sa.name.isEmpty ? nil : "\(sa.namespace)/\(sa.name)"
        }
    }

    static func authResult(_ sa: ServiceAccount, aliasName: String, roleName: String, role: KubernetesRole) -> AuthResult {
        let aliasMetadata = [
            "service_account_uid": sa.uid, "service_account_name": sa.name,
            "service_account_namespace": sa.namespace, "service_account_secret_name": sa.secretName,
        ]
        var metadata = aliasMetadata
        metadata["role"] = roleName
        return AuthResult(
            policies: role.token.policies, metadata: metadata, displayName: "\(sa.namespace)-\(sa.name)",
            alias: IdentityAlias(name: aliasName, metadata: aliasMetadata), token: role.token,
            internalData: ["role": .string(roleName)])
    }
}
