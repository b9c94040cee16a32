import ArcaSDK
import ArcaWire

/// `roles/<name>`: dynamic roles.
struct RolePaths: Sendable {
    let engine: DatabaseBackend

    enum Fields {
        static let name = Field<String>("name", description: "The role's name.")
        static let dbName = Field<String>("db_name", description: "The connection to use.")
        static let creation = Field<[String]>("creation_statements", .stringSlice, description: "Statements that create the user.")
        static let revocation = Field<[String]>("revocation_statements", .stringSlice, description: "Statements that drop the user.")
        static let rollback = Field<[String]>("rollback_statements", .stringSlice, description: "Statements that undo a failed creation.")
        static let renew = Field<[String]>("renew_statements", .stringSlice, description: "Statements that extend the user's life.")
        static let defaultTTL = Field<Int>("default_ttl", .durationSeconds, description: "Default lease TTL.")
        static let maxTTL = Field<Int>("max_ttl", .durationSeconds, description: "Maximum lease TTL.")
        static let credentialType = Field<String>("credential_type", default: "password", description: "password.")
    }

    var paths: [Path] {
        let fields = [Fields.name.spec, Fields.dbName.spec, Fields.creation.spec, Fields.revocation.spec,
                      Fields.rollback.spec, Fields.renew.spec, Fields.defaultTTL.spec, Fields.maxTTL.spec,
                      Fields.credentialType.spec]
        return [
            Path("roles/?", operations: [.list: list], synopsis: "List dynamic roles."),
            Path("roles/{name}", fields: fields, operations: [.read: read, .create: write, .update: write, .delete: delete],
                 existenceCheck: { req, f in try await engine.role(req, try f[Fields.name]) != nil },
                 synopsis: "Manage a dynamic role."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let keys = try await req.storage.list(prefix: DatabaseRole.prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let role = try await engine.role(req, try f[Fields.name]) else { return nil }
        return .data(role.readJSON)
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        if try await engine.staticRole(req, name) != nil {
            throw LogicalError.invalidRequest("Role and Static Role names must be unique")
        }
        var role = try await engine.role(req, name) ?? DatabaseRole(name: name)
        if let v = try f.ifPresent(Fields.dbName) { role.dbName = v }
        guard !role.dbName.isEmpty else { throw LogicalError.invalidRequest("empty database name attribute") }
        if let v = try f.ifPresent(Fields.creation) { role.creationStatements = v.filter { !$0.isEmpty } }
        if let v = try f.ifPresent(Fields.revocation) { role.revocationStatements = v.filter { !$0.isEmpty } }
        if let v = try f.ifPresent(Fields.rollback) { role.rollbackStatements = v.filter { !$0.isEmpty } }
        if let v = try f.ifPresent(Fields.renew) { role.renewStatements = v.filter { !$0.isEmpty } }
        if let v = try f.ifPresent(Fields.defaultTTL) { role.defaultTTL = v }
        if let v = try f.ifPresent(Fields.maxTTL) { role.maxTTL = v }
        if let v = try f.ifPresent(Fields.credentialType) {
            guard v == "password" else { throw LogicalError.invalidRequest("invalid credential_type \"\(v)\"") }
            role.credentialType = v
        }
        if role.maxTTL > 0 && role.defaultTTL > role.maxTTL {
            throw LogicalError.invalidRequest("ttl cannot be greater than max_ttl")
        }
        try await req.storage.putJSON(DatabaseRole.prefix + name, role.storageJSON)
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await req.storage.delete(DatabaseRole.prefix + (try f[Fields.name]))
        return nil
    }
}
