import ArcaSDK
import ArcaWire

/// `config/<name>`: one database connection, as stored (the password never leaves storage).
struct DatabaseConfig: Sendable, Equatable {
    static let prefix = "config/"

    var name: String
    var pluginName = "postgresql-database-plugin"
    var connectionURL = ""
    var username = ""
    var password = ""
    var allowedRoles: [String] = []
    var verifyConnection = true
    var maxOpenConnections = 4
    var maxIdleConnections = 0
    var maxConnectionLifetime = 0
    var passwordAuthentication = "password"
    var usernameTemplate = ""
    var passwordPolicy = ""
    var rootRotationStatements: [String] = []

    init(name: String) { self.name = name }

    /// Whether `role` may use this connection (`allowed_roles`, `*` and `prefix*` globs).
    func allows(role: String) -> Bool {
        allowedRoles.contains { pattern in
            pattern == "*" || pattern == role || (pattern.hasSuffix("*") && role.hasPrefix(String(pattern.dropLast())))
        }
    }

    var storageJSON: JSONValue {
        [
            "name": .string(name), "plugin_name": .string(pluginName), "connection_url": .string(connectionURL),
            "username": .string(username), "password": .string(password), "allowed_roles": .strings(allowedRoles),
            "verify_connection": .bool(verifyConnection), "max_open_connections": .int(maxOpenConnections),
            "max_idle_connections": .int(maxIdleConnections), "max_connection_lifetime": .int(maxConnectionLifetime),
            "password_authentication": .string(passwordAuthentication), "username_template": .string(usernameTemplate),
            "password_policy": .string(passwordPolicy), "root_rotation_statements": .strings(rootRotationStatements),
        ]
    }

    init(storage o: [String: JSONValue]) {
        name = o["name"]?.stringValue ?? ""
        pluginName = o["plugin_name"]?.stringValue ?? pluginName
        connectionURL = o["connection_url"]?.stringValue ?? ""
        username = o["username"]?.stringValue ?? ""
        password = o["password"]?.stringValue ?? ""
        allowedRoles = o["allowed_roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        verifyConnection = o["verify_connection"]?.boolValue ?? true
        maxOpenConnections = Int(o["max_open_connections"]?.int64Value ?? 4)
        maxIdleConnections = Int(o["max_idle_connections"]?.int64Value ?? 0)
        maxConnectionLifetime = Int(o["max_connection_lifetime"]?.int64Value ?? 0)
        passwordAuthentication = o["password_authentication"]?.stringValue ?? "password"
        usernameTemplate = o["username_template"]?.stringValue ?? ""
        passwordPolicy = o["password_policy"]?.stringValue ?? ""
        rootRotationStatements = o["root_rotation_statements"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// What a read shows: never the password; the URL's credentials stay templated.
    var readJSON: [String: JSONValue] {
        var details: [String: JSONValue] = [
            "connection_url": .string(connectionURL), "username": .string(username),
            "max_open_connections": .int(maxOpenConnections), "max_idle_connections": .int(maxIdleConnections),
            "max_connection_lifetime": .string("\(maxConnectionLifetime)s"),
            "password_authentication": .string(passwordAuthentication),
        ]
        if !usernameTemplate.isEmpty { details["username_template"] = .string(usernameTemplate) }
        return [
            "plugin_name": .string(pluginName), "connection_details": .object(details),
            "allowed_roles": .strings(allowedRoles), "root_credentials_rotate_statements": .strings(rootRotationStatements),
            "password_policy": .string(passwordPolicy), "verify_connection": .bool(verifyConnection),
            "plugin_version": "", "skip_static_role_import_rotation": false,
        ]
    }
}
