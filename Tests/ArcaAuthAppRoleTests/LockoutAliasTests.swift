import ArcaSDK
import ArcaWire
import Testing

/// How AppRole takes part in user lockout: a login is an attempt for its role id, and only a
/// wrong secret id for a role that exists counts.
@Suite struct LockoutAliasTests {
    func alias(_ h: Harness, _ data: [String: JSONValue], op: ArcaSDK.Operation = .update, path: String = "login") async throws -> String? {
        try await h.router.lockoutAlias(LogicalRequest(operation: op, path: path, data: data, storage: h.storage))
    }

    @Test("a login names its role id, trimmed; no role id, other paths and reads name none")
    func names() async throws {
        let h = Harness()
        #expect(try await alias(h, ["role_id": "  abc-123\n", "secret_id": "x"]) == "abc-123")
        #expect(try await alias(h, ["role_id": ""]) == nil)
        #expect(try await alias(h, [:]) == nil)
        #expect(try await alias(h, ["role_id": "abc"], op: .read) == nil)
        #expect(try await alias(h, ["role_id": "abc"], path: "role/web") == nil)
        // A role id of the wrong type is left for the login to refuse.
        #expect(try await alias(h, ["role_id": ["a"]]) == nil)
    }

    @Test("a wrong, spent or expired secret id of a known role counts; an unknown role id does not")
    func failures() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["secret_id_ttl": "60s"])
        let roleID = try await h.roleID("web")
        let counted = LogicalError.invalidCredentials("invalid role or secret ID")
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": "bad"]) == counted)
        let (secret, _) = try await h.secretID("web")
        h.clock.advance(61)
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)]) == counted)
        #expect(await h.error(.update, "login", ["role_id": "nope", "secret_id": "x"]) == .invalidRequest("invalid role or secret ID"))
        #expect(await h.error(.update, "login", ["role_id": .string(roleID)]) == .invalidRequest("missing secret_id"))
    }
}
