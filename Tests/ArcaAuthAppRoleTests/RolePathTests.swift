import ArcaSDK
import ArcaWire
import Testing

@Suite struct RolePathTests {
    @Test("create with defaults, read, list, delete; names are lower-cased; the role id is generated")
    func crud() async throws {
        let h = Harness()
        try await h.call(.update, "role/Web", [:])
        let read = try await h.data(.read, "role/WEB")
        #expect(read["bind_secret_id"] == true && read["local_secret_ids"] == false && read["secret_id_bound_cidrs"] == .null)
        #expect(read["secret_id_num_uses"] == 0 && read["secret_id_ttl"] == 0 && read["token_policies"] == [])
        #expect(read["token_type"] == "default" && read["token_strictly_bind_ip"] == false && read["token_bound_cidrs"] == [])
        #expect(read["policies"] == nil && read["period"] == nil && read["role_id"] == nil)
        let roleID = try await h.roleID("web")
        #expect(roleID.count == 36 && roleID.split(separator: "-").count == 5)
        #expect(try await h.call(.list, "role/")?.data?["keys"] == ["web"])
        try await h.call(.delete, "role/web")
        #expect(try await h.call(.read, "role/web") == nil)
        #expect(try await h.call(.list, "role/") == nil)
        #expect(h.storage.keys.filter { !$0.hasPrefix("salt") }.isEmpty)
        try await h.call(.delete, "role/nobody")
    }

    @Test("role settings are stored and shown; an update keeps what it does not mention")
    func settings() async throws {
        let h = Harness()
        try await h.call(
            .update, "role/r",
            [
                "secret_id_ttl": "10m", "secret_id_num_uses": 3, "secret_id_bound_cidrs": "10.0.0.0/8",
                "token_policies": "a,b", "token_ttl": "1h", "token_bound_cidrs": "127.0.0.1/32",
            ])
        try await h.call(.update, "role/r", ["token_max_ttl": "2h"])
        let read = try await h.data(.read, "role/r")
        #expect(read["secret_id_ttl"] == 600 && read["secret_id_num_uses"] == 3 && read["secret_id_bound_cidrs"] == ["10.0.0.0/8"])
        #expect(read["token_policies"] == ["a", "b"] && read["token_ttl"] == 3600 && read["token_max_ttl"] == 7200)
        #expect(read["token_bound_cidrs"] == ["127.0.0.1"])
    }

    @Test("validation as OpenBao answers it")
    func validation() async throws {
        let h = Harness()
        #expect(await h.error(.update, "role/x", ["bind_secret_id": false])
            == .internalError("at least one constraint should be enabled on the role"))
        #expect(await h.error(.update, "role/x", ["secret_id_num_uses": -1]) == .invalidRequest("secret_id_num_uses cannot be negative"))
        #expect(await h.error(.update, "role/x", ["secret_id_ttl": -5])
            == .invalidRequest("error converting input for field \"secret_id_ttl\": cannot provide negative value '-5'"))
        #expect(await h.error(.update, "role/x", ["secret_id_ttl": "bogus"])?.description.contains("\"secret_id_ttl\"") == true)
        #expect(await h.error(.update, "role/x", ["secret_id_bound_cidrs": "bogus"])
            == .internalError("failed to validate CIDR blocks: invalid CIDR address: bogus"))
        #expect(await h.error(.update, "role/x", ["secret_id_bound_cidrs": "10.0.0.1"])
            == .internalError("failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1"))
        #expect(await h.error(.update, "role/x", ["role_id": ""]) == .invalidRequest("invalid role_id supplied, or failed to generate a role_id"))
        #expect(await h.error(.update, "role/x", ["token_type": "batch", "token_period": "1h"])
            == .invalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens"))
        #expect(await h.error(.update, "role/\(String(repeating: "a", count: 4097))")
            == .invalidRequest("role_name is longer than maximum of 4096 bytes"))
        #expect(try await h.call(.list, "role/") == nil)

        try await h.call(.update, "role/x", ["role_id": "my-role-id"])
        #expect(await h.error(.update, "role/y", ["role_id": "my-role-id"]) == .internalError("role_id already in use"))
        #expect(await h.error(.update, "role/x", ["local_secret_ids": true])
            == .invalidRequest("local_secret_ids can only be modified during role creation"))
        #expect(try await h.call(.read, "role/y") == nil)
    }

    @Test("local_secret_ids at creation; default-service and default-batch are adjusted with a warning; unknown fields warn")
    func creationOnly() async throws {
        let h = Harness()
        let r = try await h.call(.update, "role/l", ["local_secret_ids": true, "token_type": "default-service", "foo": 1])
        #expect(r?.warnings == [
            "Endpoint ignored these unrecognized parameters: [foo]", "default-service has no useful meaning; adjusting to service",
        ])
        let read = try await h.data(.read, "role/l")
        #expect(read["local_secret_ids"] == true && read["token_type"] == "service")
    }

    @Test("legacy policies and period are normalised and echoed until replaced")
    func legacy() async throws {
        let h = Harness()
        try await h.call(.update, "role/leg", ["policies": "a, B,,a", "period": "1h"])
        var read = try await h.data(.read, "role/leg")
        #expect(read["policies"] == ["a", "b"] && read["token_policies"] == ["a", "b"] && read["period"] == 3600)
        try await h.call(.update, "role/leg", ["token_policies": "a, B", "token_period": "2h"])
        read = try await h.data(.read, "role/leg")
        #expect(read["policies"] == nil && read["period"] == nil && read["token_policies"] == ["a", "B"] && read["token_period"] == 7200)
    }

    @Test("a role without constraints reads with a warning")
    func unconstrained() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["bind_secret_id": false, "secret_id_bound_cidrs": "10.0.0.0/8"])
        // Stored before constraints were enforced on this path: simulate by editing storage.
        var doc = try #require(try await h.storage.getJSON("role/r")?.objectValue)
        doc["secret_id_bound_cidrs"] = []
        try await h.storage.putJSON("role/r", .object(doc))
        let r = try await h.call(.read, "role/r")
        #expect(r?.warnings == [
            "Role does not have any constraints set on it. Updates to this role will require a constraint to be set"
        ])
    }

    @Test("role-id: read, change (the old id stops logging in), refuse empty and taken ids")
    func roleID() async throws {
        let h = Harness()
        try await h.call(.update, "role/a", [:])
        try await h.call(.update, "role/b", ["role_id": "taken"])
        let old = try await h.roleID("a")
        let (secret, _) = try await h.secretID("a")
        try await h.call(.update, "role/a/role-id", ["role_id": "fresh"])
        #expect(try await h.roleID("A") == "fresh")
        #expect(await h.error(.update, "login", ["role_id": .string(old), "secret_id": .string(secret)])
            == .invalidRequest("invalid role or secret ID"))
        _ = try await h.login("fresh", secret)
        #expect(await h.error(.update, "role/a/role-id") == .invalidRequest("missing role_id"))
        #expect(await h.error(.update, "role/a/role-id", ["role_id": "taken"]) == .internalError("role_id already in use"))
        #expect(await h.error(.update, "role/nobody/role-id", ["role_id": "x"]) == .unsupportedPath)
        #expect(try await h.call(.read, "role/nobody/role-id") == nil)
    }

    @Test("deleting a role deletes its secret ids and its role id")
    func deleteCascades() async throws {
        let h = Harness()
        try await h.call(.update, "role/gone", [:])
        let roleID = try await h.roleID("gone")
        let (secret, _) = try await h.secretID("gone")
        try await h.call(.delete, "role/gone")
        #expect(h.storage.keys == ["salt"])
        try await h.call(.update, "role/gone", ["role_id": .string(roleID)])
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)])
            == .invalidCredentials("invalid role or secret ID"))
    }
}
