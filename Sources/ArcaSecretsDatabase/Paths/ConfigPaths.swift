import ArcaSDK
import ArcaWire

/// `config/<name>` (connections), `reset/<name>` and `rotate-root/<name>`.
struct ConfigPaths: Sendable {
    let engine: DatabaseBackend

    enum Fields {
        static let name = Field<String>("name", description: "The connection's name.")
        static let pluginName = Field<String>("plugin_name", description: "postgresql-database-plugin.")
        static let connectionURL = Field<String>("connection_url", description: "URL with {{username}} and {{password}} templates.")
        static let username = Field<String>("username", description: "The root user.")
        static let password = Field<String>("password", description: "The root user's password (never returned).")
        static let allowedRoles = Field<[String]>("allowed_roles", description: "Roles that may use this connection (globs).")
        static let verifyConnection = Field<Bool>("verify_connection", default: true, description: "Connect before saving.")
        static let maxOpen = Field<Int>("max_open_connections", description: "Pool size.")
        static let maxIdle = Field<Int>("max_idle_connections", description: "Idle connections kept.")
        static let maxLifetime = Field<Int>("max_connection_lifetime", .durationSeconds, description: "Connection lifetime.")
        static let passwordAuthentication = Field<String>(
            "password_authentication", description: "password, or scram-sha-256 to send verifiers.")
        static let usernameTemplate = Field<String>("username_template", description: "Template for dynamic user names.")
        static let passwordPolicy = Field<String>("password_policy", description: "Password policy name.")
        static let rootRotation = Field<[String]>("root_rotation_statements", .stringSlice, description: "Statements that change the root password.")
    }

    var paths: [Path] {
        let fields = [Fields.name, Fields.pluginName, Fields.connectionURL, Fields.username, Fields.password,
                      Fields.usernameTemplate, Fields.passwordPolicy, Fields.passwordAuthentication].map(\.spec)
            + [Fields.allowedRoles.spec, Fields.verifyConnection.spec, Fields.maxOpen.spec, Fields.maxIdle.spec,
               Fields.maxLifetime.spec, Fields.rootRotation.spec]
        return [
            Path("config/?", operations: [.list: list], synopsis: "List database connections."),
            Path("config/{name}", fields: fields, operations: [.read: read, .create: write, .update: write, .delete: delete],
                 existenceCheck: { req, f in try await engine.config(req, try f[Fields.name]) != nil },
                 synopsis: "Configure a database connection."),
            Path("reset/{name}", fields: [Fields.name.spec], operations: [.update: reset], synopsis: "Reconnect a connection."),
            Path("rotate-root/{name}", fields: [Fields.name.spec], operations: [.update: rotateRoot],
                 synopsis: "Rotate the root user's password; no one learns the new one."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let keys = try await req.storage.list(prefix: DatabaseConfig.prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let config = try await engine.config(req, try f[Fields.name]) else { return nil }
        return .data(config.readJSON)
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        var config = try await engine.config(req, name) ?? DatabaseConfig(name: name)
        let creating = req.operation == .create
        if let v = try f.ifPresent(Fields.pluginName) { config.pluginName = v }
        if config.pluginName.isEmpty || (creating && f.raw["plugin_name"] == nil) {
            throw LogicalError.invalidRequest("plugin_name must be specified")
        }
        guard ["postgresql-database-plugin", "postgresql"].contains(config.pluginName) else {
            throw LogicalError.invalidRequest("error creating database object: invalid database plugin \"\(config.pluginName)\"")
        }
        if let v = try f.ifPresent(Fields.connectionURL) { config.connectionURL = v }
        if let v = try f.ifPresent(Fields.username) { config.username = v }
        if let v = try f.ifPresent(Fields.password) { config.password = v }
        if let v = try f.ifPresent(Fields.allowedRoles) { config.allowedRoles = v.filter { !$0.isEmpty } }
        if let v = try f.ifPresent(Fields.verifyConnection) { config.verifyConnection = v }
        if let v = try f.ifPresent(Fields.maxOpen) { config.maxOpenConnections = v > 0 ? v : 4 }
        if let v = try f.ifPresent(Fields.maxIdle) { config.maxIdleConnections = max(0, v) }
        if let v = try f.ifPresent(Fields.maxLifetime) { config.maxConnectionLifetime = max(0, v) }
        if let v = try f.ifPresent(Fields.passwordAuthentication) {
            guard ["password", "scram-sha-256"].contains(v) else {
                throw LogicalError.invalidRequest("password_authentication must be \"password\" or \"scram-sha-256\"")
            }
            config.passwordAuthentication = v
        }
        if let v = try f.ifPresent(Fields.usernameTemplate) {
            _ = try UsernameTemplate.render(v, .init(displayName: "token", roleName: "role", now: engine.unixNow))
            config.usernameTemplate = v
        }
        if let v = try f.ifPresent(Fields.passwordPolicy) { config.passwordPolicy = v }
        if let v = try f.ifPresent(Fields.rootRotation) { config.rootRotationStatements = v }
        guard !config.connectionURL.isEmpty else {
            throw LogicalError.invalidRequest("error creating database object: connection_url cannot be empty")
        }
        let url = try ConnectionURL.parse(config.connectionURL, username: config.username, password: config.password)
        if config.verifyConnection {
            do {
                try await PostgresPool.verify(url)
            } catch let LogicalError.coded(_, message) {
                throw LogicalError.invalidRequest("error creating database object: error verifying connection: \(message)")
            }
        }
        await engine.pools.close(name)
        try await req.storage.putJSON(DatabaseConfig.prefix + name, config.storageJSON)
        var response = LogicalResponse()
        if config.password.isEmpty == false && !config.connectionURL.contains("{{password}}") {
            response.warnings.append("Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.")
        }
        return response.warnings.isEmpty ? nil : response
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        await engine.pools.close(name)
        try await req.storage.delete(DatabaseConfig.prefix + name)
        return nil
    }

    @Sendable func reset(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        guard let config = try await engine.config(req, name) else {
            throw LogicalError.invalidRequest("failed to reset database connection \"\(name)\": not found")
        }
        await engine.pools.close(name)
        try await engine.pools.pool(for: config).ping()
        return nil
    }

    /// A new root password, applied with the rotation statements on the current connection and
    /// stored only after the database accepted it; the pool then reconnects with it.
    @Sendable func rotateRoot(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        guard var config = try await engine.config(req, name) else {
            throw LogicalError.invalidRequest("no configuration found for \"\(name)\"")
        }
        guard !config.username.isEmpty else {
            throw LogicalError.invalidRequest("unable to rotate root credentials: no username in configuration")
        }
        let password = try await engine.newPassword(req, config)
        let statements = config.rootRotationStatements.isEmpty
            ? ["ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}'"] : config.rootRotationStatements
        try await engine.execute(config, try StatementTemplate.render(statements, values: [
            "name": config.username, "username": config.username, "password": engine.passwordValue(password, config),
        ]))
        config.password = password
        try await req.storage.putJSON(DatabaseConfig.prefix + name, config.storageJSON)
        await engine.pools.close(name)
        return nil
    }
}
