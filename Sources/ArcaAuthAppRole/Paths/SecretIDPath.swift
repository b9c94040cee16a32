import ArcaSDK
import ArcaWire

extension AppRoleBackend {
    var secretIDPath: Path {
        Path(
            "role/{role_name}/secret-id/?", fields: [RoleFields.roleName.spec] + SecretIDFields.creation,
            operations: [.update: generateSecretID, .list: listSecretIDs],
            synopsis: "Generate a secret id for the role, or list the accessors of its secret ids.")
    }

    var customSecretIDPath: Path {
        Path(
            "role/{role_name}/custom-secret-id",
            fields: [RoleFields.roleName.spec, SecretIDFields.secretID.spec] + SecretIDFields.creation,
            operations: [.update: customSecretID], synopsis: "Register a secret id of the caller's choosing for the role.")
    }

    @Sendable func generateSecretID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await issueSecretID(req, f, secretID: AuthCrypto.SecureRandom.uuid())
    }

    @Sendable func customSecretID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await issueSecretID(req, f, secretID: f[SecretIDFields.secretID])
    }

    /// Registers `secretID` for the role after Vault's checks: the role binds secret ids, the
    /// secret id's networks and limits are within the role's.
    func issueSecretID(_ req: LogicalRequest, _ f: FieldData, secretID: String) async throws -> LogicalResponse? {
        let given = try f[RoleFields.roleName]
        let name = try Self.roleName(f)
        guard !secretID.isEmpty else { throw LogicalError.invalidRequest("missing secret_id") }
        let store = try await store(req)
        guard let role = try await store.role(name) else { throw LogicalError.coded(status: 404, message: "role \"\(given)\" does not exist") }
        guard role.bindSecretID else { throw LogicalError.invalidRequest("bind_secret_id is not set on the role") }

        let cidrs = try f[SecretIDFields.cidrList]
        if let bad = CIDRRules.firstInvalidNetwork(cidrs) {
            throw LogicalError.internalError("failed to validate CIDR blocks: invalid CIDR address: \(bad)")
        }
        guard CIDRRules.isSubset(cidrs, of: role.secretIDBoundCIDRs) else {
            throw CIDRRules.subsetFailure(role: role.secretIDBoundCIDRs, secretID: cidrs)
        }
        let tokenCIDRs = try f[SecretIDFields.tokenBoundCIDRs]
        if let bad = CIDRRules.firstInvalidNetwork(tokenCIDRs) {
            throw LogicalError.internalError("failed to validate token CIDR blocks: invalid CIDR address: \(bad)")
        }
        guard CIDRRules.isSubset(tokenCIDRs, of: role.token.boundCIDRs) else {
            throw CIDRRules.subsetFailure(role: role.token.boundCIDRs.map { $0.contains("/") ? $0 : $0 + "/32" }, secretID: tokenCIDRs)
        }
        let uses = try f.ifPresent(SecretIDFields.numUses) ?? role.secretIDNumUses
        if uses < 0 { throw LogicalError.invalidRequest("num_uses cannot be negative") }
        if role.secretIDNumUses > 0 && (uses == 0 || uses > role.secretIDNumUses) {
            throw LogicalError.invalidRequest("num_uses cannot be higher than the role's secret_id_num_uses")
        }
        let ttl = try RoleFields.seconds(SecretIDFields.ttl, f, prefixed: true) ?? role.secretIDTTL
        if role.secretIDTTL > 0 && (ttl == 0 || ttl > role.secretIDTTL) {
            throw LogicalError.invalidRequest("ttl cannot be longer than the role's secret_id_ttl")
        }
        let metadata = try Metadata.parse(f[SecretIDFields.metadata])

        let entry = SecretIDEntry(
            accessor: AuthCrypto.SecureRandom.uuid(), numUses: uses, ttl: ttl, creationTime: now(), metadata: metadata,
            cidrList: cidrs, tokenBoundCIDRs: tokenCIDRs)
        let hmac = store.hmac(secretID)
        try await locks.withLock(Self.secretLock(hmac)) {
            if try await store.secretID(role: role.name, hmac: hmac) != nil {
                throw LogicalError.internalError("failed to store secret_id: SecretID is already registered")
            }
            try await store.put(AccessorEntry(secretIDHMAC: hmac, roleName: role.name), for: entry.accessor)
            try await store.put(entry, role: role.name, hmac: hmac)
        }
        return .data([
            "secret_id": .string(secretID), "secret_id_accessor": .string(entry.accessor), "secret_id_ttl": .int(ttl),
            "secret_id_num_uses": .int(uses),
        ])
    }

    @Sendable func listSecretIDs(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.roleName(f)
        let store = try await store(req)
        guard try await store.role(name) != nil else {
            throw LogicalError.invalidRequest("role \"\(try f[RoleFields.roleName])\" does not exist")
        }
        var accessors: [String] = []
        for hmac in try await store.secretIDHMACs(role: name) {
            if let entry = try await store.secretID(role: name, hmac: hmac) { accessors.append(entry.accessor) }
        }
        return accessors.isEmpty ? nil : .list(accessors)
    }
}
