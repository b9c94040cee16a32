import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

/// `sys/mounts/<path>/tune` for secrets engines: the settings beyond TTLs, and OpenBao's errors.
@Suite struct MountTuneTests {
    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String, _ data: [String: JSONValue] = [:])
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(operation: op, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
    }

    func mounted() async throws -> (Core, String) {
        let (core, _, root) = try await TestCore.unsealed()
        _ = try await call(core, .update, "sys/mounts/secret", token: root, ["type": "kv", "options": ["version": "2"]])
        return (core, root)
    }

    @Test("the extra settings are stored, read back and listed under config")
    func extraSettings() async throws {
        let (core, root) = try await mounted()
        _ = try await call(core, .update, "sys/mounts/secret/tune", token: root, [
            "listing_visibility": "unauth", "passthrough_request_headers": ["X-P"], "allowed_response_headers": "X-Q,X-R",
            "audit_non_hmac_request_keys": "a,b", "default_lease_ttl": "1h0m0s",
        ])
        let tune = try #require(try await call(core, .read, "sys/mounts/secret/tune", token: root)?.data)
        #expect(tune == [
            "default_lease_ttl": 3600, "max_lease_ttl": 2_764_800, "description": "", "force_no_cache": false,
            "options": ["version": "2"], "listing_visibility": "unauth", "passthrough_request_headers": ["X-P"],
            "allowed_response_headers": ["X-Q", "X-R"], "audit_non_hmac_request_keys": ["a", "b"],
        ])
        let listed = try #require(try await call(core, .read, "sys/mounts", token: root)?.data?["secret/"])
        #expect(listed["config"] == [
            "default_lease_ttl": 3600, "max_lease_ttl": 0, "force_no_cache": false, "listing_visibility": "unauth",
            "passthrough_request_headers": ["X-P"], "allowed_response_headers": ["X-Q", "X-R"],
            "audit_non_hmac_request_keys": ["a", "b"],
        ])
        #expect(listed["deprecation_status"] == "supported" && listed["config"]?["token_type"] == nil)
    }

    @Test("mount tune errors match OpenBao's", arguments: [
        ("secret", ["token_type": "batch"], "'token_type' can only be modified on auth mounts"),
        ("secret", ["user_lockout_config": ["lockout_threshold": "5"]], "tuning of user lockout configuration for auth type \"kv\" not allowed"),
        ("secret", ["options": ["version": "1"]], "cannot downgrade mount from version 2"),
        ("secret", ["options": ["version": "3"]], "invalid version provided: 3"),
        ("secret", ["options": ["version": "x"]], "unable to parse options: strconv.ParseInt: parsing \"x\": invalid syntax"),
        ("secret", ["default_lease_ttl": "1.5d"], "strconv.ParseInt: parsing \"1.5\": invalid syntax"),
        ("nope", ["default_lease_ttl": "abc"], "tune of path \"nope/\" failed: no mount entry found"),
        ("sys", ["description": "d", "default_lease_ttl": "1h"], "cannot tune parameter description of sys/"),
        ("sys", ["listing_visibility": "unauth"], "cannot tune parameter listing_visibility of sys/"),
    ] as [(String, [String: JSONValue], String)])
    func errors(_ mount: String, _ body: [String: JSONValue], _ message: String) async throws {
        let (core, root) = try await mounted()
        await #expect(throws: LogicalError.invalidRequest(message)) {
            try await call(core, .update, "sys/mounts/\(mount)/tune", token: root, body)
        }
    }

    @Test("unknown mounts on read; sys/ reads with its passthrough header")
    func reads() async throws {
        let (core, root) = try await mounted()
        await #expect(throws: LogicalError.invalidRequest("cannot fetch sysview for path \"nope/\"")) {
            try await call(core, .read, "sys/mounts/nope/tune", token: root)
        }
        let sys = try #require(try await call(core, .read, "sys/mounts/sys/tune", token: root)?.data)
        #expect(sys["passthrough_request_headers"] == ["Accept"] && sys["default_lease_ttl"] == 2_764_800)
        #expect(try await call(core, .update, "sys/mounts/sys/tune", token: root, [:]) == nil)
    }

    @Test("options merge key by key and an empty value removes one")
    func options() async throws {
        let (core, root) = try await mounted()
        _ = try await call(core, .update, "sys/mounts/secret/tune", token: root, ["options": ["a": "1", "b": "2"]])
        _ = try await call(core, .update, "sys/mounts/secret/tune", token: root, ["options": ["a": ""]])
        let tune = try #require(try await call(core, .read, "sys/mounts/secret/tune", token: root)?.data)
        #expect(tune["options"] == ["b": "2", "version": "2"])
    }
}
