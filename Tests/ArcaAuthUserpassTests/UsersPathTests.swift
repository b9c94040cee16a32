import ArcaSDK
import ArcaWire
import Testing

@Suite struct UsersPathTests {
    @Test("create, read, list and delete; usernames are case-insensitive; reads never show the hash")
    func crud() async throws {
        let h = Harness()
        try await h.call(.update, "users/Bob", ["password": "pw", "token_policies": "a,b", "token_ttl": "1h"])
        let read = try #require(try await h.call(.read, "users/BOB")?.data)
        #expect(read["token_policies"] == ["a", "b"] && read["token_ttl"] == 3600 && read["token_type"] == "default")
        #expect(read["token_bound_cidrs"] == [] && read["token_strictly_bind_ip"] == false)
        #expect(read["password"] == nil && read["password_hash"] == nil && read["policies"] == nil && read["ttl"] == nil)
        #expect(h.storage.keys == ["user/bob"])
        #expect(h.storage.raw("user/bob")?.contains("$2a$04$") == true)
        #expect(h.storage.raw("user/bob")?.contains("\"pw\"") == false)
        #expect(try await h.call(.list, "users/")?.data?["keys"] == ["bob"])
        try await h.call(.delete, "users/bOb")
        #expect(try await h.call(.read, "users/bob") == nil)
        #expect(try await h.call(.list, "users") == nil)
        try await h.call(.delete, "users/nobody")
    }

    @Test("an update keeps what it does not mention, and may leave the password alone")
    func partialUpdate() async throws {
        let h = Harness()
        try await h.call(.update, "users/amy", ["password": "one", "token_policies": "p", "token_num_uses": 3])
        let hash = h.storage.raw("user/amy")
        try await h.call(.update, "users/amy", ["token_ttl": "5m"])
        let read = try #require(try await h.call(.read, "users/amy")?.data)
        #expect(read["token_policies"] == ["p"] && read["token_num_uses"] == 3 && read["token_ttl"] == 300)
        #expect(h.storage.raw("user/amy")?.contains(try #require(hash?.split(separator: "\"").first { $0.hasPrefix("$2a$") })) == true)
    }

    @Test("a create needs exactly one of password and password_hash")
    func passwordRequired() async throws {
        let h = Harness()
        #expect(await h.error(.update, "users/x") == .invalidRequest("must provide either password or password_hash"))
        #expect(await h.error(.update, "users/x", ["token_ttl": 60]) == .invalidRequest("must provide either password or password_hash"))
        #expect(
            await h.error(.update, "users/x", ["password": "p", "password_hash": "$2a$10$abc"])
                == .invalidRequest("only one of password or password_hash may be provided"))
        #expect(try await h.call(.read, "users/x") == nil)
    }

    @Test("password_hash: a bcrypt hash of cost 5 to 12, stored as given")
    func preHashed() async throws {
        let h = Harness()
        #expect(await h.error(.update, "users/x", ["password_hash": "notbcrypt"]) == .invalidRequest("password_hash is not a valid bcrypt hash"))
        #expect(
            await h.error(.update, "users/x", ["password_hash": .string(Vectors.cost4)])
                == .invalidRequest("bcrypt cost of 4 is too low, want 5 at minimum"))
        #expect(
            await h.error(.update, "users/x", ["password_hash": .string(Vectors.cost13)])
                == .invalidRequest("bcrypt cost of 13 exceeds maximum cost of 12"))
        try await h.call(.update, "users/x", ["password_hash": .string(Vectors.python2b)])
        #expect(h.storage.raw("user/x")?.contains(Vectors.python2b) == true)
    }

    @Test("token field validation as Vault words it")
    func tokenValidation() async throws {
        let h = Harness()
        func err(_ data: [String: JSONValue]) async -> LogicalError? {
            await h.error(.update, "users/v", data.merging(["password": "p"]) { a, _ in a })
        }
        #expect(await err(["token_num_uses": -1]) == .invalidRequest("'token_num_uses' cannot be negative"))
        #expect(
            await err(["token_ttl": -5])
                == .invalidRequest("error converting input for field \"token_ttl\": cannot provide negative value '-5'"))
        #expect(await err(["token_ttl": "2h", "token_max_ttl": "1h"]) == .invalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'"))
        #expect(await err(["token_type": "bogus"]) == .invalidRequest("invalid 'token_type' value \"bogus\""))
        #expect(await err(["token_type": "default-batch"]) == .invalidRequest("invalid 'token_type' value \"default-batch\""))
        #expect(
            await err(["token_type": "batch", "token_num_uses": 3])
                == .invalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count"))
        #expect(
            await err(["token_bound_cidrs": "bogus"])
                == .invalidRequest(
                    "error parsing address \"bogus\": Unable to convert \"bogus\" to an IPv4 or IPv6 address, or a UNIX Socket"))
        #expect(
            await err(["token_bound_cidrs": "10.0.0.0/8", "token_strictly_bind_ip": true])
                == .invalidRequest("'token_strictly_bind_ip' conflicts with 'token_bound_cidrs'; set only one"))
        let bad = await err(["token_ttl": "bogus"])
        #expect(bad?.description.contains("\"token_ttl\"") == true)
        #expect(try await h.call(.read, "users/v") == nil)
    }

    @Test("bound CIDRs: single addresses lose their length, networks keep it")
    func cidrDisplay() async throws {
        let h = Harness()
        try await h.call(.update, "users/c", ["password": "p", "token_bound_cidrs": "127.0.0.1/32,10.1.2.3/8,::1/128,fe80::1/64"])
        #expect(try await h.call(.read, "users/c")?.data?["token_bound_cidrs"] == ["127.0.0.1", "10.1.2.3/8", "::1", "fe80::1/64"])
    }

    @Test("legacy names are echoed while in use, retired by their token_ names; userpass has no period")
    func legacyNames() async throws {
        let h = Harness()
        let r = try await h.call(
            .update, "users/leg", ["password": "p", "policies": "B,a,a", "ttl": "1h", "max_ttl": "2h", "bound_cidrs": "10.0.0.0/8", "period": "5m"])
        #expect(r?.warnings.isEmpty == false)  // `period` is not a userpass field
        var read = try #require(try await h.call(.read, "users/leg")?.data)
        #expect(read["policies"] == ["a", "b"] && read["token_policies"] == ["a", "b"])
        #expect(read["ttl"] == 3600 && read["max_ttl"] == 7200 && read["bound_cidrs"] == ["10.0.0.0/8"])
        #expect(read["token_period"] == 0 && read["period"] == nil)
        try await h.call(.update, "users/leg", ["token_policies": "c"])
        read = try #require(try await h.call(.read, "users/leg")?.data)
        #expect(read["policies"] == nil && read["token_policies"] == ["c"] && read["ttl"] == 3600)
        try await h.call(.update, "users/leg", ["policies": "d"])
        read = try #require(try await h.call(.read, "users/leg")?.data)
        #expect(read["policies"] == ["d"] && read["token_policies"] == ["d"])
    }

    @Test("unknown fields are warned about")
    func unknownFields() async throws {
        let h = Harness()
        let r = try await h.call(.update, "users/u", ["password": "p", "foo": "bar"])
        #expect(r?.warnings == ["Endpoint ignored these unrecognized parameters: [foo]"])
    }

    @Test("list pages with after and limit")
    func paging() async throws {
        let h = Harness()
        for name in ["c", "a", "b"] { try await h.call(.update, "users/\(name)", ["password": "p"]) }
        #expect(try await h.call(.list, "users/")?.data?["keys"] == ["a", "b", "c"])
        #expect(try await h.call(.list, "users/", ["after": "a", "limit": "1"])?.data?["keys"] == ["b"])
        #expect(try await h.call(.list, "users/", ["limit": 2])?.data?["keys"] == ["a", "b"])
        #expect(try await h.call(.list, "users/", ["after": "c"]) == nil)
    }

    @Test("users/<name>/password and users/<name>/policies")
    func subPaths() async throws {
        let h = Harness()
        try await h.call(.update, "users/bob", ["password": "old", "token_policies": "a"])
        #expect(await h.error(.update, "users/bob/password") == .invalidRequest("must provide either password or password_hash"))
        try await h.call(.update, "users/BOB/password", ["password": "new"])
        #expect(await h.error(.update, "login/bob", ["password": "old"]) == .invalidCredentials("invalid username or password"))
        _ = try await h.login("bob", "new")
        #expect(await h.error(.update, "users/nobody/password", ["password": "x"]) == .internalError("username does not exist"))

        try await h.call(.update, "users/bob/policies", ["token_policies": "y,Z"])
        var read = try #require(try await h.call(.read, "users/bob")?.data)
        #expect(read["token_policies"] == ["y", "z"] && read["policies"] == nil)
        try await h.call(.update, "users/bob/policies", ["policies": "q"])
        read = try #require(try await h.call(.read, "users/bob")?.data)
        #expect(read["token_policies"] == ["q"] && read["policies"] == ["q"])
        try await h.call(.update, "users/bob/policies")
        #expect(try await h.call(.read, "users/bob")?.data?["token_policies"] == ["q"])
        #expect(await h.error(.update, "users/nobody/policies", ["policies": "x"]) == .internalError("username does not exist"))
        #expect(await h.error(.read, "users/bob/password") == .unsupportedOperation)
        #expect(await h.error(.list, "users/bob/") == .unsupportedPath)
    }
}
