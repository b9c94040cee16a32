import ArcaSDK
import ArcaWire
import FoundationEssentials

/// `static-roles/<name>`, `static-creds/<name>` and `rotate-role/<name>`.
struct StaticRolePaths: Sendable {
    let engine: DatabaseBackend

    enum Fields {
        static let name = Field<String>("name", description: "The static role's name.")
        static let dbName = Field<String>("db_name", description: "The connection to use.")
        static let username = Field<String>("username", description: "The existing database user.")
        static let rotationPeriod = Field<Int>("rotation_period", .durationSeconds, description: "Rotate this often.")
        static let rotationSchedule = Field<String>("rotation_schedule", description: "Cron schedule of rotations.")
        static let rotationWindow = Field<Int>("rotation_window", .durationSeconds, description: "How long after a scheduled time a rotation may start.")
        static let rotationStatements = Field<[String]>("rotation_statements", .stringSlice, description: "Statements that set the password.")
        static let credentialType = Field<String>("credential_type", default: "password", description: "password.")
    }

    var paths: [Path] {
        let fields = [Fields.name.spec, Fields.dbName.spec, Fields.username.spec, Fields.rotationPeriod.spec,
                      Fields.rotationSchedule.spec, Fields.rotationWindow.spec, Fields.rotationStatements.spec,
                      Fields.credentialType.spec]
        return [
            Path("static-roles/?", operations: [.list: list], synopsis: "List static roles."),
            Path("static-roles/{name}", fields: fields,
                 operations: [.read: read, .create: write, .update: write, .delete: delete],
                 existenceCheck: { req, f in try await engine.staticRole(req, try f[Fields.name]) != nil },
                 synopsis: "Manage a static role."),
            Path("static-creds/{name}", fields: [Fields.name.spec], operations: [.read: creds],
                 synopsis: "The static role's current password."),
            Path("rotate-role/{name}", fields: [Fields.name.spec], operations: [.update: rotate],
                 synopsis: "Rotate a static role's password now."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let keys = try await req.storage.list(prefix: StaticRole.prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    static func time(_ unix: Double) -> JSONValue { .string(Date(timeIntervalSince1970: unix).rfc3339Nano) }

    /// How the role's rotations are scheduled, as reads show it: a period, or a cron schedule and window.
    static func schedule(_ role: StaticRole) -> [String: JSONValue] {
        role.rotationSchedule.isEmpty
            ? ["rotation_period": .int(role.rotationPeriod)]
            : ["rotation_schedule": .string(role.rotationSchedule), "rotation_window": .int(role.rotationWindow)]
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let role = try await engine.staticRole(req, try f[Fields.name]) else { return nil }
        var data: [String: JSONValue] = [
            "db_name": .string(role.dbName), "username": .string(role.username),
            "rotation_statements": .strings(role.rotationStatements), "credential_type": .string(role.credentialType),
            "last_vault_rotation": Self.time(role.lastRotation),
        ]
        data.merge(Self.schedule(role)) { _, new in new }
        return .data(data)
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        if try await engine.role(req, name) != nil {
            throw LogicalError.invalidRequest("Role and Static Role names must be unique")
        }
        let existing = try await engine.staticRole(req, name)
        var role = existing ?? StaticRole(name: name)
        if let v = try f.ifPresent(Fields.dbName) { role.dbName = v }
        guard !role.dbName.isEmpty else { throw LogicalError.invalidRequest("database name is required") }
        if let v = try f.ifPresent(Fields.username) {
            if existing != nil && v != role.username { throw LogicalError.invalidRequest("cannot update static account username") }
            role.username = v
        }
        guard !role.username.isEmpty else { throw LogicalError.invalidRequest("username is a required field to create a static account") }
        if let v = try f.ifPresent(Fields.rotationPeriod) { role.rotationPeriod = v }
        if let v = try f.ifPresent(Fields.rotationSchedule) {
            guard v.isEmpty || CronSchedule(v) != nil else {
                throw LogicalError.invalidRequest("could not parse rotation_schedule \"\(v)\"")
            }
            role.rotationSchedule = v
        }
        if let v = try f.ifPresent(Fields.rotationWindow) { role.rotationWindow = v }
        if role.rotationPeriod > 0 && !role.rotationSchedule.isEmpty {
            throw LogicalError.invalidRequest("mutually exclusive fields rotation_period and rotation_schedule were both specified; only one of them can be provided")
        }
        if role.rotationPeriod == 0 && role.rotationSchedule.isEmpty {
            throw LogicalError.invalidRequest("one of rotation_schedule or rotation_period must be provided to create a static account")
        }
        if role.rotationPeriod > 0 && role.rotationPeriod < 5 {
            throw LogicalError.invalidRequest("rotation_period must be 5 seconds or more")
        }
        if role.rotationWindow > 0 && role.rotationWindow < 3600 {
            throw LogicalError.invalidRequest("rotation_window is invalid: must be at least 1 hour")
        }
        if let v = try f.ifPresent(Fields.rotationStatements) { role.rotationStatements = v.filter { !$0.isEmpty } }
        guard let config = try await engine.config(req, role.dbName) else {
            throw LogicalError.invalidRequest("could not find database \"\(role.dbName)\"")
        }
        guard config.allows(role: name) else { throw LogicalError.invalidRequest("\"\(name)\" is not an allowed role") }
        if existing == nil {
            // A new static role takes over the account at once: its password becomes one only Arca knows.
            role = try await StaticRotation(engine: engine).rotate(role, config: config, request: req)
        }
        try await req.storage.putJSON(StaticRole.prefix + name, role.storageJSON)
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await req.storage.delete(StaticRole.prefix + (try f[Fields.name]))
        return nil
    }

    @Sendable func creds(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        guard let role = try await engine.staticRole(req, name) else {
            throw LogicalError.invalidRequest("unknown role: \(name)")
        }
        let next = StaticRotation.nextRotation(role) ?? engine.unixNow
        var data: [String: JSONValue] = [
            "username": .string(role.username), "password": .string(role.password),
            "last_vault_rotation": Self.time(role.lastRotation),
            "ttl": .int(max(0, Int((next - engine.unixNow).rounded(.down)))),
        ]
        data.merge(Self.schedule(role)) { _, new in new }
        return .data(data)
    }

    @Sendable func rotate(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        guard let role = try await engine.staticRole(req, name) else {
            throw LogicalError.invalidRequest("no static role found for role name")
        }
        guard let config = try await engine.config(req, role.dbName) else {
            throw LogicalError.invalidRequest("could not find database \"\(role.dbName)\"")
        }
        let rotated = try await StaticRotation(engine: engine).rotate(role, config: config, request: req)
        try await req.storage.putJSON(StaticRole.prefix + name, rotated.storageJSON)
        return nil
    }
}
