import ArcaSDK
import ArcaWire

extension KubernetesBackend {
    enum RoleFields {
        static let name = Field<String>("name", description: "Name of the role.")
        static let names = Field<[String]>(
            "bound_service_account_names", description: "Service account names allowed (globs; \"*\" for any).")
        static let namespaces = Field<[String]>(
            "bound_service_account_namespaces", description: "Namespaces allowed (globs; \"*\" for any).")
        static let namespaceSelector = Field<String>(
            "bound_service_account_namespace_selector", description: "Label selector for namespaces (not supported yet).")
        static let audience = Field<String>("audience", description: "Audience the token must be issued for.")
        static let aliasNameSource = Field<String>(
            "alias_name_source", description: "Alias name: serviceaccount_uid (default) or serviceaccount_name (namespace/name).")
        static let after = Field<String>("after", description: "List names after this one.")
        static let limit = Field<Int>("limit", description: "Return at most this many names.")

        static let all: [FieldSpec] =
            [name.spec, names.spec, namespaces.spec, namespaceSelector.spec, audience.spec, aliasNameSource.spec]
            + TokenSettings.fieldsWithLegacy
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
            existenceCheck: { req, f in
                try await KubernetesStore(storage: req.storage).role(try f[RoleFields.name]) != nil
            },
            synopsis: "Create, read, update and delete a role: the service accounts it admits and the token they get.")
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
        typealias F = RoleFields
        let name = try f[F.name]
        var role = try await store(req).role(name) ?? KubernetesRole()
        try role.token.update(from: f)
        if let v = try f.ifPresent(F.names) { role.serviceAccountNames = v }
        if role.serviceAccountNames.isEmpty {
            throw LogicalError.invalidRequest("\"bound_service_account_names\" can not be empty")
        }
        if role.serviceAccountNames.count > 1 && role.serviceAccountNames.contains("*") {
            throw LogicalError.invalidRequest("can not mix \"*\" with values")
        }
        if let v = try f.ifPresent(F.namespaces) { role.serviceAccountNamespaces = v }
        if !(try f[F.namespaceSelector]).isEmpty {
            throw LogicalError.invalidRequest(
                "\"bound_service_account_namespace_selector\" is not supported yet; list the namespaces in \"bound_service_account_namespaces\"")
        }
        if role.serviceAccountNamespaces.isEmpty {
            throw LogicalError.invalidRequest(
                "\"bound_service_account_namespaces\" can not be empty if \"bound_service_account_namespace_selector\" is not set")
        }
        if role.serviceAccountNamespaces.count > 1 && role.serviceAccountNamespaces.contains("*") {
            throw LogicalError.invalidRequest("can not mix \"*\" with values")
        }
        if let v = try f.ifPresent(F.audience) { role.audience = v }
        if let v = try f.ifPresent(F.aliasNameSource), !v.isEmpty { role.aliasNameSource = v }
        guard KubernetesRole.AliasNameSource(rawValue: role.aliasNameSource) != nil else {
            throw LogicalError.invalidRequest(
                "invalid alias_name_source, must be one of: serviceaccount_uid, serviceaccount_name")
        }
        try await store(req).putRole(name, role)
        return nil
    }
}
