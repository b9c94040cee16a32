import ArcaSDK

extension UserpassBackend {
    var passwordPath: Path {
        Path(
            "users/{username}/password",
            fields: [UserFields.username.spec, UserFields.password.spec, UserFields.passwordHash.spec],
            operations: [.update: updatePassword], synopsis: "Change a user's password.")
    }

    @Sendable func updatePassword(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.username(f)
        guard var user = try await store(req).get(name) else { throw LogicalError.internalError("username does not exist") }
        let input = try PasswordInput(password: f[UserFields.password], hash: f[UserFields.passwordHash])
        user.passwordHash = try input.storedHash(cost: cost)
        try await store(req).put(name, user)
        return nil
    }
}
