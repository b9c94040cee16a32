import ArcaSDK

extension UserpassBackend {
    var policiesPath: Path {
        Path(
            "users/{username}/policies",
            fields: [UserFields.username.spec, TokenSettings.Fields.policies.spec, TokenSettings.Fields.legacyPolicies.spec],
            operations: [.update: updatePolicies], synopsis: "Change a user's token policies.")
    }

    /// Replaces the policies, normalised; the legacy `policies` name is kept only when given.
    @Sendable func updatePolicies(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try Self.username(f)
        guard var user = try await store(req).get(name) else { throw LogicalError.internalError("username does not exist") }
        let legacy = try f.ifPresent(TokenSettings.Fields.legacyPolicies)
        if let given = try f.ifPresent(TokenSettings.Fields.policies) ?? legacy {
            user.token.policies = TokenSettings.normalise(given)
            if legacy != nil { user.token.legacyNames.insert("policies") } else { user.token.legacyNames.remove("policies") }
        }
        try await store(req).put(name, user)
        return nil
    }
}
