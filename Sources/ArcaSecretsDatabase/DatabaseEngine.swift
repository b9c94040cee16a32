public import ArcaSDK
import ArcaWire
public import FoundationEssentials

/// The database secrets engine (PostgreSQL): connections, dynamic roles whose users live as long
/// as their lease, static roles whose passwords rotate on a schedule, and root rotation.
public enum DatabaseEngine {
    public static func make(now: @escaping @Sendable () -> Date) -> PathRouter {
        let engine = DatabaseBackend(now: now, pools: ConnectionPools())
        return PathRouter(
            paths: ConfigPaths(engine: engine).paths + RolePaths(engine: engine).paths + CredsPaths(engine: engine).paths
                + StaticRolePaths(engine: engine).paths,
            secrets: [SecretType("creds", renew: engine.renew, revoke: engine.revoke)],
            periodic: { req in try await StaticRotation(engine: engine).run(req) },
            cleanup: { await engine.pools.closeAll() },
            help: "The database secrets engine creates database users with a lease and rotates passwords.")
    }
}

/// What every path of the engine shares: the clock, the pools, and the storage helpers.
struct DatabaseBackend: Sendable {
    let now: @Sendable () -> Date
    let pools: ConnectionPools

    var unixNow: Double { now().timeIntervalSince1970 }

    func config(_ req: LogicalRequest, _ name: String) async throws -> DatabaseConfig? {
        try await req.storage.getJSON(DatabaseConfig.prefix + name)?.objectValue.map(DatabaseConfig.init(storage:))
    }

    func role(_ req: LogicalRequest, _ name: String) async throws -> DatabaseRole? {
        try await req.storage.getJSON(DatabaseRole.prefix + name)?.objectValue.map(DatabaseRole.init(storage:))
    }

    func staticRole(_ req: LogicalRequest, _ name: String) async throws -> StaticRole? {
        try await req.storage.getJSON(StaticRole.prefix + name)?.objectValue.map(StaticRole.init(storage:))
    }

    /// Runs statements on the named connection, in one transaction.
    func execute(_ config: DatabaseConfig, _ statements: [String]) async throws {
        guard !statements.isEmpty else { return }
        try await pools.pool(for: config).transaction(statements)
    }

    /// A new password: from the connection's `password_policy` when it names one, else the default shape.
    func newPassword(_ req: LogicalRequest, _ config: DatabaseConfig) async throws -> String {
        guard !config.passwordPolicy.isEmpty else { return PasswordGenerator.password() }
        guard let passwords = req.passwords else {
            throw LogicalError.invalidRequest("password policies are not available here")
        }
        return try await passwords.generate(policy: config.passwordPolicy)
    }

    /// `{{password}}` as the connection wants it: clear, or a SCRAM verifier.
    func passwordValue(_ password: String, _ config: DatabaseConfig) -> String {
        config.passwordAuthentication == "scram-sha-256" ? ScramVerifier.make(password: password) : password
    }

    /// PostgreSQL's `VALID UNTIL` form.
    static func expiration(_ unix: Double) -> String {
        let date = Date(timeIntervalSince1970: unix.rounded(.down))
        let text = date.rfc3339Nano  // 2006-01-02T15:04:05Z
        return text.replacing("T", with: " ").replacing("Z", with: "+0000")
    }

    static let defaultRevocation = [
        "REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM \"{{name}}\"",
        "REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM \"{{name}}\"",
        "REVOKE ALL PRIVILEGES ON ALL FUNCTIONS IN SCHEMA public FROM \"{{name}}\"",
        "REVOKE USAGE ON SCHEMA public FROM \"{{name}}\"",
        "REASSIGN OWNED BY \"{{name}}\" TO CURRENT_USER",
        "DROP OWNED BY \"{{name}}\"",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
        "DROP ROLE IF EXISTS \"{{name}}\"",
    ]
    static let defaultRenew = ["ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'"]
    static let defaultRotation = ["ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'"]

    // MARK: - Lease callbacks

    @Sendable func renew(_ req: LogicalRequest, _ lease: SecretLease) async throws -> LogicalResponse? {
        guard let username = lease.internalData["username"]?.stringValue,
            let roleName = lease.internalData["role"]?.stringValue, let dbName = lease.internalData["db_name"]?.stringValue
        else { throw LogicalError.invalidRequest("lease is missing its user") }
        guard let config = try await config(req, dbName) else { throw LogicalError.invalidRequest("database config not found") }
        let role = try await role(req, roleName)
        var renewed = lease
        let ttl = lease.increment > 0 ? lease.increment : (role?.defaultTTL ?? 0 > 0 ? role!.defaultTTL : req.mount.defaultLeaseTTL)
        if let role, role.maxTTL > 0 { renewed.maxTTL = role.maxTTL }
        renewed.ttl = ttl
        let statements = (role?.renewStatements.isEmpty ?? true) ? Self.defaultRenew : role!.renewStatements
        try await execute(config, try StatementTemplate.render(statements, values: [
            "name": username, "username": username, "expiration": Self.expiration(unixNow + Double(ttl)),
        ]))
        return LogicalResponse(secret: renewed)
    }

    @Sendable func revoke(_ req: LogicalRequest, _ lease: SecretLease) async throws -> LogicalResponse? {
        guard let username = lease.internalData["username"]?.stringValue,
            let dbName = lease.internalData["db_name"]?.stringValue
        else { throw LogicalError.invalidRequest("lease is missing its user") }
        guard let config = try await config(req, dbName) else {
            throw LogicalError.invalidRequest("database config \"\(dbName)\" not found; cannot drop \(username)")
        }
        let role = try await role(req, lease.internalData["role"]?.stringValue ?? "")
        let statements = (role?.revocationStatements.isEmpty ?? true) ? Self.defaultRevocation : role!.revocationStatements
        try await execute(config, try StatementTemplate.render(statements, values: ["name": username, "username": username]))
        return nil
    }
}
