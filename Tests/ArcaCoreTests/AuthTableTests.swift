import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Testing

/// The auth table (`core/auth`) and `sys/auth/<path>/tune`, through the request pipeline.
@Suite struct AuthTableTests {
    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String, _ data: [String: JSONValue] = [:])
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(operation: op, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
    }

    func hex(_ share: [UInt8]) -> String { Hex.encode(share) }

    @Test("the token store has its own accessor and uuid, and sys/auth lists it in OpenBao's shape")
    func listing() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let token = try #require(try await call(core, .read, "sys/auth", token: root)?.data?["token/"])
        let accessor = try #require(token["accessor"]?.stringValue)
        #expect(accessor.hasPrefix("auth_token_") && accessor.count == "auth_token_".count + 8)
        #expect(token["uuid"]?.stringValue?.count == 36)
        #expect(token["type"] == "token" && token["description"] == "token based credentials")
        #expect(token["config"] == ["default_lease_ttl": 0, "max_lease_ttl": 0, "force_no_cache": false, "token_type": "default-service"])
        #expect(token["options"] == .null && token["deprecation_status"] == nil)
        #expect(try await call(core, .read, "sys/auth/token", token: root)?.data?["accessor"]?.stringValue == accessor)
        // The route carries the table's entry, so token requests see the same accessor.
        #expect(core.mounts.table.match("auth/token/create")?.0.entry.accessor == accessor)
    }

    @Test("token roles stay where they were stored before the token store had a table entry")
    func roleStorage() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        try await core.barrier.putJSON("logical/token/sys/token/role/old", ["name": "old", "allowed_policies": ["a"]])
        let role = try await call(core, .read, "auth/token/roles/old", token: root)?.data
        #expect(role?["allowed_policies"] == ["a"])
        #expect(core.mounts.table.match("auth/token/roles/old")?.0.entry.storagePrefix == "logical/token/")
    }

    @Test("tune read shows the system TTLs for zero ones and the token type")
    func readDefaults() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let data = try #require(try await call(core, .read, "sys/auth/token/tune", token: root)?.data)
        #expect(data == [
            "default_lease_ttl": 2_764_800, "max_lease_ttl": 2_764_800, "description": "token based credentials",
            "force_no_cache": false, "token_type": "default-service",
        ])
        #expect(try await call(core, .read, "sys/mounts/auth/token/tune", token: root)?.data == data)
    }

    @Test("tuned settings persist in core/auth and survive seal, unseal and a restart")
    func persistence() async throws {
        let physical = InMemoryBackend()
        let (core, shares, root) = try await TestCore.unsealed(physical: physical)
        let before = try #require(try await call(core, .read, "sys/auth/token", token: root)?.data)
        #expect(try await call(core, .update, "sys/auth/token/tune", token: root, [
            "default_lease_ttl": "1h", "max_lease_ttl": "2h", "description": "my tokens", "listing_visibility": "unauth",
            "passthrough_request_headers": ["X-A", "X-B"], "allowed_response_headers": "X-R",
            "audit_non_hmac_request_keys": ["k1"], "audit_non_hmac_response_keys": ["k2"], "options": ["foo": "bar"],
        ]) == nil)
        let expected: JSONValue = [
            "default_lease_ttl": 3600, "max_lease_ttl": 7200, "description": "my tokens", "force_no_cache": false,
            "token_type": "default-service", "listing_visibility": "unauth", "passthrough_request_headers": ["X-A", "X-B"],
            "allowed_response_headers": ["X-R"], "audit_non_hmac_request_keys": ["k1"],
            "audit_non_hmac_response_keys": ["k2"], "options": ["foo": "bar"],
        ]
        #expect(try await call(core, .read, "sys/auth/token/tune", token: root)?.data.map(JSONValue.object) == expected)
        #expect(try await core.barrier.getJSON("core/auth") != nil)

        await core.sealManager.sealNow()
        for s in shares.prefix(3) { _ = try await core.sealManager.submitUnsealKey(hex(s)) }
        #expect(try await call(core, .read, "sys/auth/token/tune", token: root)?.data.map(JSONValue.object) == expected)

        let (again, _) = TestCore.make(physical: physical)
        for s in shares.prefix(3) { _ = try await again.sealManager.submitUnsealKey(hex(s)) }
        #expect(try await call(again, .read, "sys/auth/token/tune", token: root)?.data.map(JSONValue.object) == expected)
        let listed = try #require(try await call(again, .read, "sys/auth", token: root)?.data?["token/"])
        #expect(listed["accessor"] == before["accessor"] && listed["uuid"] == before["uuid"], "identity is stable")
        #expect(listed["description"] == "my tokens" && listed["options"] == ["foo": "bar"])
        #expect(listed["config"] == [
            "default_lease_ttl": 3600, "max_lease_ttl": 7200, "force_no_cache": false, "token_type": "default-service",
            "listing_visibility": "unauth", "passthrough_request_headers": ["X-A", "X-B"],
            "allowed_response_headers": ["X-R"], "audit_non_hmac_request_keys": ["k1"], "audit_non_hmac_response_keys": ["k2"],
        ])
    }

    @Test("system resets a TTL, empty lists clear, comma strings split")
    func resets() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        _ = try await call(core, .update, "sys/mounts/auth/token/tune", token: root, [
            "default_lease_ttl": "90", "max_lease_ttl": 7200, "passthrough_request_headers": "A, B",
        ])
        var data = try #require(try await call(core, .read, "sys/auth/token/tune", token: root)?.data)
        #expect(data["default_lease_ttl"] == 90 && data["max_lease_ttl"] == 7200 && data["passthrough_request_headers"] == ["A", "B"])
        _ = try await call(core, .update, "sys/auth/token/tune", token: root, [
            "default_lease_ttl": "system", "max_lease_ttl": "", "passthrough_request_headers": [],
        ])
        data = try #require(try await call(core, .read, "sys/auth/token/tune", token: root)?.data)
        #expect(data["default_lease_ttl"] == 2_764_800 && data["max_lease_ttl"] == 7200 && data["passthrough_request_headers"] == nil)
    }

    @Test("bad input gets OpenBao's 400 texts and changes nothing", arguments: [
        (["default_lease_ttl": "abc"], "time: invalid duration \"abc\""),
        (["default_lease_ttl": "1x"], "time: unknown unit \"x\" in duration \"1x\""),
        (["max_lease_ttl": "1.5"], "time: missing unit in duration \"1.5\""),
        (["default_lease_ttl": "3h", "max_lease_ttl": "1h", "listing_visibility": "bogus"],
         "backend max lease TTL of 3600 would be less than backend default lease TTL of 10800"),
        (["listing_visibility": "bogus", "token_type": "batch"], "invalid listing_visibility bogus"),
        (["description": "changed", "token_type": "batch"], "'token_type' cannot be set for 'token' or 'ns_token' auth mounts"),
        (["user_lockout_config": ["lockout_threshold": "5"], "listing_visibility": "bogus"],
         "tuning of user lockout configuration for auth type \"token\" not allowed"),
        (["default_lease_ttl": "-1h"], "default_lease_ttl cannot be negative"),
    ] as [([String: JSONValue], String)])
    func badInput(_ body: [String: JSONValue], _ message: String) async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let before = try await call(core, .read, "sys/auth/token/tune", token: root)?.data
        await #expect(throws: LogicalError.invalidRequest(message)) {
            try await call(core, .update, "sys/auth/token/tune", token: root, body)
        }
        #expect(try await call(core, .read, "sys/auth/token/tune", token: root)?.data == before)
    }

    @Test("unknown auth paths: OpenBao's errors for read, tune read and tune write")
    func unknownPaths() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        await #expect(throws: LogicalError.invalidRequest("cannot fetch sysview for path \"auth/nope/\"")) {
            try await call(core, .read, "sys/auth/nope/tune", token: root)
        }
        await #expect(throws: LogicalError.invalidRequest("tune of path \"auth/nope/\" failed: no mount entry found")) {
            try await call(core, .update, "sys/auth/nope/tune", token: root, ["default_lease_ttl": "abc"])
        }
        await #expect(throws: LogicalError.invalidRequest("tune of path \"auth/nope/\" failed: no mount entry found")) {
            try await call(core, .update, "sys/mounts/auth/nope/tune", token: root, [:])
        }
        await #expect(throws: LogicalError.invalidRequest("No auth engine at nope/")) {
            try await call(core, .read, "sys/auth/nope", token: root)
        }
    }

    @Test("sys/auth/<path>/tune needs sudo; sys/mounts/auth/<path>/tune does not")
    func sudo() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        try await core.policies.put(name: "tuner", text: #"path "sys/*" { capabilities = ["read", "update"] }"#)
        let created = try await call(core, .update, "auth/token/create", token: root, ["policies": ["tuner"]])
        let tuner = try #require(created?.auth?["client_token"]?.stringValue)
        await #expect(throws: LogicalError.coded(status: 403, message: "1 error occurred:\n\t* permission denied\n\n")) {
            try await call(core, .update, "sys/auth/token/tune", token: tuner, ["description": "x"])
        }
        #expect(try await call(core, .update, "sys/mounts/auth/token/tune", token: tuner, ["description": "x"]) == nil)
        #expect(try await call(core, .read, "sys/mounts/auth/token/tune", token: tuner)?.data?["description"] == "x")
    }
}
