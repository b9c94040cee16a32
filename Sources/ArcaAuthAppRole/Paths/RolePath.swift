import ArcaSDK
import ArcaWire

extension AppRoleBackend {
    static let roleSpecs: [FieldSpec] =
        [
            RoleFields.roleName.spec, RoleFields.bindSecretID.spec, RoleFields.secretIDBoundCIDRs.spec,
            RoleFields.boundCIDRList.spec, RoleFields.secretIDNumUses.spec, RoleFields.secretIDTTL.spec,
            RoleFields.localSecretIDs.spec, RoleFields.roleID.spec,
        ] + RoleFields.tokenFields

    var roleListPath: Path {
        Path(
            "role/?", fields: [RoleFields.after.spec, RoleFields.limit.spec], operations: [.list: listRoles],
            synopsis: "List the roles.")
    }

    var rolePath: Path {
        Path(
            "role/{role_name}", fields: Self.roleSpecs,
            operations: [.read: readRole, .create: writeRole, .update: writeRole, .delete: deleteRole],
            existenceCheck: { req, f in try await store(req).role(Self.roleName(f)) != nil },
            synopsis: "Create, read, update and delete a role.")
    }

    @Sendable func listRoles(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let names = try await store(req).roleNames(after: f[RoleFields.after], limit: f[RoleFields.limit])
        return names.isEmpty ? nil : .list(names)
    }

    @Sendable func readRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let role = try await store(req).role(Self.roleName(f)) else { return nil }
        var response = LogicalResponse.data(role.readJSON)
        if !role.hasConstraint {
            response.warnings.append(
                "Role does not have any constraints set on it. Updates to this role will require a constraint to be set")
        }
        return response
    }

    @Sendable func writeRole(_ req: LogicalRequest, _ given: FieldData) async throws -> LogicalResponse? {
        let name = try Self.roleName(given)
        guard name.utf8.count <= RoleFields.maxNameLength else {
            throw LogicalError.invalidRequest("role_name is longer than maximum of \(RoleFields.maxNameLength) bytes")
        }
        // Vault takes the two "default-" token types and says what it made of them.
        var raw = given.raw
        var warnings: [String] = []
        if let type = raw["token_type"]?.stringValue, ["default-service", "default-batch"].contains(type) {
            let plain = String(type.dropFirst("default-".count))
            raw["token_type"] = .string(plain)
            warnings.append("\(type) has no useful meaning; adjusting to \(plain)")
        }
        let f = FieldData(raw: raw, specs: Self.roleSpecs)
        let store = try await store(req)
        try await locks.withLock(Self.rolesLock) {
            let existing = try await store.role(name)
            let creating = existing == nil
            var role = existing ?? Role(name: name, roleID: "")
            try role.token.update(from: f)
            try Self.apply(f, to: &role, creating: creating)
            try await store.save(role, previousRoleID: existing?.roleID)
        }
        return warnings.isEmpty ? nil : LogicalResponse(warnings: warnings)
    }

    /// The role's own fields from a create or an update, checked as Vault checks them.
    static func apply(_ f: FieldData, to role: inout Role, creating: Bool) throws {
        if let local = try f.ifPresent(RoleFields.localSecretIDs) {
            guard creating else { throw LogicalError.invalidRequest("local_secret_ids can only be modified during role creation") }
            role.localSecretIDs = local
        }
        if let id = try f.ifPresent(RoleFields.roleID) {
            role.roleID = id
        } else if creating {
            role.roleID = AuthCrypto.SecureRandom.uuid()
        }
        if role.roleID.isEmpty { throw LogicalError.invalidRequest("invalid role_id supplied, or failed to generate a role_id") }
        if let bind = try f.ifPresent(RoleFields.bindSecretID) {
            role.bindSecretID = bind
        } else if creating {
            role.bindSecretID = try f[RoleFields.bindSecretID]
        }
        if let cidrs = try f.ifPresent(RoleFields.secretIDBoundCIDRs) ?? f.ifPresent(RoleFields.boundCIDRList) {
            role.secretIDBoundCIDRs = cidrs
        }
        if let bad = CIDRRules.firstInvalidNetwork(role.secretIDBoundCIDRs) {
            throw LogicalError.internalError("failed to validate CIDR blocks: invalid CIDR address: \(bad)")
        }
        if let uses = try f.ifPresent(RoleFields.secretIDNumUses) { role.secretIDNumUses = uses }
        if role.secretIDNumUses < 0 { throw LogicalError.invalidRequest("secret_id_num_uses cannot be negative") }
        if let ttl = try RoleFields.seconds(RoleFields.secretIDTTL, f) { role.secretIDTTL = ttl }
    }

    @Sendable func deleteRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.roleName(f)
        let store = try await store(req)
        try await locks.withLock(Self.rolesLock) {
            guard let role = try await store.role(name) else { return }
            // A deleted role takes its secret ids with it, so a new role of the same name starts clean.
            for hmac in try await store.secretIDHMACs(role: role.name) {
                try await locks.withLock(Self.secretLock(hmac)) {
                    if let entry = try await store.secretID(role: role.name, hmac: hmac) {
                        try await store.delete(entry, role: role.name, hmac: hmac)
                    }
                }
            }
            try await store.deleteRole(role)
        }
        return nil
    }
}
