import ArcaSDK
import ArcaWire

extension UserpassBackend {
    /// The token fields a user takes: every `token_*` field and the legacy names userpass had
    /// (`policies`, `ttl`, `max_ttl`, `bound_cidrs`; never `period`).
    static let tokenFields = TokenSettings.fieldsWithLegacy.filter { $0.name != TokenSettings.Fields.legacyPeriod.name }

    var usersListPath: Path {
        Path(
            "users/?", fields: [UserFields.after.spec, UserFields.limit.spec], operations: [.list: listUsers],
            synopsis: "List the users.")
    }

    var userPath: Path {
        Path(
            "users/{username}",
            fields: [UserFields.username.spec, UserFields.password.spec, UserFields.passwordHash.spec] + Self.tokenFields,
            operations: [.read: readUser, .create: writeUser, .update: writeUser, .delete: deleteUser],
            existenceCheck: { req, f in try await store(req).get(Self.username(f)) != nil },
            synopsis: "Create, read, update and delete a user.")
    }

    @Sendable func listUsers(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let names = try await store(req).list(after: f[UserFields.after], limit: f[UserFields.limit])
        return names.isEmpty ? nil : .list(names)
    }

    @Sendable func readUser(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let user = try await store(req).get(Self.username(f)) else { return nil }
        // The password hash never leaves storage.
        return .data(user.token.json)
    }

    @Sendable func writeUser(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.username(f)
        let input = try PasswordInput(password: f[UserFields.password], hash: f[UserFields.passwordHash])
        let existing = try await store(req).get(name)
        if req.operation == .create || existing == nil { try input.validate() }
        var user = existing ?? UserEntry()
        try user.token.update(from: f)
        if !input.isEmpty { user.passwordHash = try input.storedHash(cost: cost) }
        try await store(req).put(name, user)
        return nil
    }

    @Sendable func deleteUser(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await store(req).delete(Self.username(f))
        return nil
    }
}
