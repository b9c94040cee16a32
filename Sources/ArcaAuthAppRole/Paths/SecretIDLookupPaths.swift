import ArcaSDK
import ArcaWire

extension AppRoleBackend {
    var secretIDLookupPath: Path {
        Path(
            "role/{role_name}/secret-id/lookup/?", fields: [RoleFields.roleName.spec, SecretIDFields.secretID.spec],
            operations: [.update: lookupSecretID], synopsis: "Show a secret id's properties.")
    }

    var secretIDDestroyPath: Path {
        Path(
            "role/{role_name}/secret-id/destroy/?", fields: [RoleFields.roleName.spec, SecretIDFields.secretID.spec],
            operations: [.update: destroySecretID, .delete: destroySecretID], synopsis: "Invalidate a secret id.")
    }

    var accessorLookupPath: Path {
        Path(
            "role/{role_name}/secret-id-accessor/lookup/?", fields: [RoleFields.roleName.spec, SecretIDFields.accessor.spec],
            operations: [.update: lookupAccessor], synopsis: "Show the properties of a secret id, named by its accessor.")
    }

    var accessorDestroyPath: Path {
        Path(
            "role/{role_name}/secret-id-accessor/destroy/?", fields: [RoleFields.roleName.spec, SecretIDFields.accessor.spec],
            operations: [.update: destroyAccessor, .delete: destroyAccessor],
            synopsis: "Invalidate a secret id, named by its accessor.")
    }

    /// The role a secret-id operation names; Vault answers a 500 when it is missing.
    func existingRole(_ store: AppRoleStore, _ f: FieldData) async throws -> Role {
        guard let role = try await store.role(Self.roleName(f)) else {
            throw AppRoleError.roleMissing(try f[RoleFields.roleName])
        }
        return role
    }

    @Sendable func lookupSecretID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let secretID = try f[SecretIDFields.secretID]
        guard !secretID.isEmpty else { throw LogicalError.invalidRequest("missing secret_id") }
        let store = try await store(req)
        let role = try await existingRole(store, f)
        let hmac = store.hmac(secretID)
        return try await locks.withLock(Self.secretLock(hmac)) {
            guard let entry = try await store.secretID(role: role.name, hmac: hmac) else { return nil }
            guard try await store.accessor(entry.accessor) != nil else {
                // A secret id whose accessor is gone is half-deleted: finish the job.
                try await store.delete(entry, role: role.name, hmac: hmac)
                throw LogicalError.invalidRequest("invalid secret id")
            }
            return .data(entry.responseData)
        }
    }

    @Sendable func destroySecretID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let secretID = try f[SecretIDFields.secretID]
        guard !secretID.isEmpty else { throw LogicalError.invalidRequest("missing secret_id") }
        let store = try await store(req)
        let role = try await existingRole(store, f)
        let hmac = store.hmac(secretID)
        try await locks.withLock(Self.secretLock(hmac)) {
            if let entry = try await store.secretID(role: role.name, hmac: hmac) {
                try await store.delete(entry, role: role.name, hmac: hmac)
            }
        }
        return nil
    }

    @Sendable func lookupAccessor(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let accessor = try f[SecretIDFields.accessor]
        guard !accessor.isEmpty else { throw LogicalError.invalidRequest("missing secret_id_accessor") }
        let store = try await store(req)
        let role = try await existingRole(store, f)
        guard let index = try await store.accessor(accessor), index.roleName == role.name else {
            var response = LogicalResponse.data(["error": .string("failed to find accessor entry for secret_id_accessor: \"\(accessor)\"")])
            response.status = 404
            return response
        }
        guard let entry = try await store.secretID(role: role.name, hmac: index.secretIDHMAC) else { return nil }
        return .data(entry.responseData)
    }

    @Sendable func destroyAccessor(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let accessor = try f[SecretIDFields.accessor]
        guard !accessor.isEmpty else { throw LogicalError.invalidRequest("missing secret_id_accessor") }
        let store = try await store(req)
        let role = try await existingRole(store, f)
        guard let index = try await store.accessor(accessor), index.roleName == role.name else {
            throw LogicalError.internalError("failed to find accessor entry for secret_id_accessor: \"\(accessor)\"")
        }
        try await locks.withLock(Self.secretLock(index.secretIDHMAC)) {
            guard let entry = try await store.secretID(role: role.name, hmac: index.secretIDHMAC) else {
                throw LogicalError.coded(status: 403, message: "invalid secret id accessor")
            }
            try await store.delete(entry, role: role.name, hmac: index.secretIDHMAC)
        }
        return nil
    }
}
