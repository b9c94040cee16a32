import ArcaSDK
import ArcaWire

/// `creds/<role>`: a new database user with a generated password, handed out with a lease.
struct CredsPaths: Sendable {
    let engine: DatabaseBackend

    static let name = Field<String>("name", description: "The role.")

    var paths: [Path] {
        [Path("creds/{name}", fields: [Self.name.spec], operations: [.read: issue], synopsis: "Create a database user.")]
    }

    @Sendable func issue(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let roleName = try f[Self.name]
        guard let role = try await engine.role(req, roleName) else {
            throw LogicalError.invalidRequest("unknown role: \(roleName)")
        }
        guard let config = try await engine.config(req, role.dbName) else {
            throw LogicalError.invalidRequest("cannot find database \"\(role.dbName)\"")
        }
        guard !role.creationStatements.isEmpty else {
            throw LogicalError.invalidRequest("no creation statements configured for role \"\(roleName)\"")
        }
        guard config.allows(role: roleName) else {
            throw LogicalError.coded(status: 500, message: "1 error occurred:\n\t* \"\(roleName)\" is not an allowed role\n\n")
        }
        let now = engine.unixNow
        var ttl = role.defaultTTL > 0 ? role.defaultTTL : req.mount.defaultLeaseTTL
        let maxTTL = min(role.maxTTL > 0 ? role.maxTTL : req.mount.maxLeaseTTL, req.mount.maxLeaseTTL)
        ttl = min(ttl, maxTTL)
        let display = req.displayName.replacing("-", with: "_")
        let username = try UsernameTemplate.render(
            config.usernameTemplate, .init(displayName: display, roleName: roleName, now: now))
        let password = try await engine.newPassword(req, config)
        let values = [
            "name": username, "username": username, "password": engine.passwordValue(password, config),
            "expiration": DatabaseBackend.expiration(now + Double(ttl)),
        ]
        // Rendered first: a value that cannot go into the statements stops here, before any runs.
        let creation = try StatementTemplate.render(role.creationStatements, values: values)
        do {
            try await engine.execute(config, creation)
        } catch {
            // The transaction rolled back; rollback statements undo what lives outside it.
            if !role.rollbackStatements.isEmpty {
                try? await engine.execute(config, try StatementTemplate.render(role.rollbackStatements, values: values))
            }
            throw error
        }
        return LogicalResponse(
            data: ["username": .string(username), "password": .string(password)],
            secret: SecretLease(
                type: "creds", ttl: ttl, maxTTL: maxTTL, renewable: true,
                internalData: ["username": .string(username), "role": .string(roleName), "db_name": .string(role.dbName)]))
    }
}
