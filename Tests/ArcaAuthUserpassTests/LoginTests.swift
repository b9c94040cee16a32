import ArcaSDK
@testable import ArcaAuthUserpass
import ArcaWire
import Testing

@Suite struct LoginTests {
    @Test("a login answers the user's token settings, metadata, display name and alias")
    func success() async throws {
        let h = Harness()
        try await h.call(.update, "users/Bob", ["password": "pw", "token_policies": "a,b", "token_ttl": "1h", "token_num_uses": 2])
        let auth = try await h.login("BOB", "pw")
        #expect(auth.policies == ["a", "b"] && auth.token.policies == ["a", "b"])
        #expect(auth.metadata == ["username": "bob"] && auth.displayName == "bob")
        #expect(auth.alias == IdentityAlias(name: "bob"))
        #expect(auth.token.ttl == 3600 && auth.token.numUses == 2)
        #expect(auth.internalData == ["username": "bob"])
    }

    @Test("a wrong password and an unknown user fail alike")
    func failures() async throws {
        let h = Harness()
        try await h.call(.update, "users/bob", ["password": "pw"])
        let wrong = await h.error(.update, "login/bob", ["password": "nope"])
        let unknown = await h.error(.update, "login/nobody", ["password": "nope"])
        // The same text and status on the wire; only a known user's failure counts toward lockout.
        #expect(wrong == .invalidCredentials("invalid username or password"))
        #expect(unknown == .invalidRequest("invalid username or password"))
        #expect(unknown?.description == wrong?.description)
        #expect(await h.error(.update, "login/bob") == .coded(status: 500, message: "missing password"))
        #expect(await h.error(.read, "login/bob") == .unsupportedOperation)
    }

    @Test("users created with a hash from another bcrypt log in")
    func preHashedLogin() async throws {
        let h = Harness()
        try await h.call(.update, "users/py", ["password_hash": .string(Vectors.python2b)])
        try await h.call(.update, "users/php", ["password_hash": .string(Vectors.python2y)])
        _ = try await h.login("py", "p@ss wörd")
        _ = try await h.login("php", "x")
        #expect(await h.error(.update, "login/py", ["password": "p@ss word"]) == .invalidCredentials("invalid username or password"))
    }

    @Test("token_bound_cidrs are checked at login too")
    func boundCIDRs() async throws {
        let h = Harness()
        try await h.call(.update, "users/net", ["password": "pw", "token_bound_cidrs": "10.0.0.0/8"])
        #expect(await h.error(.update, "login/net", ["password": "pw"], from: "192.168.1.1") == .permissionDenied)
        #expect(await h.error(.update, "login/net", ["password": "pw"], from: nil) == .permissionDenied)
        let auth = try await h.login("net", "pw", from: "10.2.3.4")
        #expect(auth.token.boundCIDRs == ["10.0.0.0/8"])
    }

    @Test("token_strictly_bind_ip binds the token to the caller's address")
    func strictBinding() async throws {
        let h = Harness()
        try await h.call(.update, "users/s", ["password": "pw", "token_strictly_bind_ip": true])
        #expect(try await h.login("s", "pw", from: "10.9.8.7").token.boundCIDRs == ["10.9.8.7"])
        #expect(await h.error(.update, "login/s", ["password": "pw"], from: nil) == .permissionDenied)
    }

    @Test("the default cost: Vault's 10, and such a hash logs in")
    func defaultCost() async throws {
        let h = Harness(cost: Bcrypt.defaultCost)
        try await h.call(.update, "users/d", ["password": "correct horse"])
        #expect(h.storage.raw("user/d")?.contains("$2a$10$") == true)
        _ = try await h.login("d", "correct horse")
    }

    @Test("the decoy hash for unknown users is a valid cost-10 hash")
    func decoy() throws {
        let decoy = try #require(Bcrypt.Hash(UserpassBackend.decoyHash))
        #expect(decoy.cost == Bcrypt.defaultCost)
    }
}
