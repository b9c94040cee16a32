import ArcaSDK
import ArcaWire
import Testing

/// How userpass takes part in user lockout: a login is an attempt for its lower-cased username,
/// and only a wrong password for a user that exists counts.
@Suite struct LockoutAliasTests {
    func alias(_ h: Harness, _ path: String, _ data: [String: JSONValue] = [:], op: ArcaSDK.Operation = .update) async throws -> String? {
        try await h.backend.lockoutAlias(LogicalRequest(operation: op, path: path, data: data, storage: h.storage))
    }

    @Test("a login names its user, lower-cased, whether or not the user exists; other paths name none")
    func names() async throws {
        let h = Harness()
        #expect(try await alias(h, "login/Bob", ["password": "x"]) == "bob")
        #expect(try await alias(h, "login/nobody") == "nobody")
        #expect(try await alias(h, "login/bob", op: .read) == nil)
        #expect(try await alias(h, "users/bob", ["password": "x"]) == nil)
    }

    @Test("a known user's wrong password counts; an unknown user, a missing password and a CIDR refusal do not")
    func failures() async throws {
        let h = Harness()
        try await h.call(.update, "users/bob", ["password": "pw", "token_bound_cidrs": "10.0.0.0/8"])
        #expect(await h.error(.update, "login/bob", ["password": "nope"]) == .invalidCredentials("invalid username or password"))
        #expect(await h.error(.update, "login/nobody", ["password": "nope"]) == .invalidRequest("invalid username or password"))
        #expect(await h.error(.update, "login/bob") == .coded(status: 500, message: "missing password"))
        #expect(await h.error(.update, "login/bob", ["password": "pw"], from: "192.0.2.1") == .permissionDenied)
    }
}
