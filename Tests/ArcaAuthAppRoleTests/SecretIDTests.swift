import ArcaSDK
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct SecretIDTests {
    @Test("generate, list by accessor, look up by secret id and by accessor; only HMACs are stored")
    func generateAndLookup() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["secret_id_ttl": "1h", "secret_id_num_uses": 5])
        let made = try await h.data(.update, "role/web/secret-id", ["metadata": "{\"env\":\"prod\"}", "cidr_list": "127.0.0.1/32"])
        let secret = try #require(made["secret_id"]?.stringValue)
        let accessor = try #require(made["secret_id_accessor"]?.stringValue)
        #expect(made["secret_id_ttl"] == 3600 && made["secret_id_num_uses"] == 5 && secret.count == 36 && accessor != secret)
        #expect(try await h.call(.list, "role/web/secret-id/")?.data?["keys"] == .strings([accessor]))

        let looked = try await h.data(.update, "role/web/secret-id/lookup", ["secret_id": .string(secret)])
        #expect(looked["secret_id_accessor"] == .string(accessor) && looked["metadata"] == ["env": "prod"])
        #expect(looked["cidr_list"] == ["127.0.0.1/32"] && looked["token_bound_cidrs"] == [] && looked["secret_id_num_uses"] == 5)
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(looked["creation_time"] == .string(created.rfc3339Nano) && looked["last_updated_time"] == looked["creation_time"])
        #expect(looked["expiration_time"] == .string(created.addingTimeInterval(3600).rfc3339Nano))
        #expect(try await h.data(.update, "role/web/secret-id-accessor/lookup", ["secret_id_accessor": .string(accessor)]) == looked)

        for key in h.storage.keys {
            #expect(!key.contains(secret) && !key.contains(accessor))
            #expect(h.storage.raw(key)?.contains(secret) == false)
        }
    }

    @Test("a secret id without TTL shows Go's zero time as its expiry")
    func noExpiry() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        let (secret, _) = try await h.secretID("r")
        let looked = try await h.data(.update, "role/r/secret-id/lookup", ["secret_id": .string(secret)])
        #expect(looked["expiration_time"] == "0001-01-01T00:00:00Z" && looked["secret_id_ttl"] == 0 && looked["metadata"] == [:])
    }

    @Test("metadata: a JSON object of strings, base64 of one, or key=value pairs")
    func metadataForms() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        let b64 = Data("{\"b\":\"2\"}".utf8).base64EncodedString()
        for (given, expected) in [("{\"a\":\"1\"}", ["a": "1"]), (b64, ["b": "2"]), ("c=3, d = 4", ["c": "3", "d": "4"])] {
            let (secret, _) = try await h.secretID("r", ["metadata": .string(given)])
            let looked = try await h.data(.update, "role/r/secret-id/lookup", ["secret_id": .string(secret)])
            #expect(looked["metadata"] == .object(expected.mapValues(JSONValue.string)))
        }
        for bad in ["notjson", "{\"a\":1}"] {
            #expect(await h.error(.update, "role/r/secret-id", ["metadata": .string(bad)])
                == .invalidRequest("failed to parse metadata: failed to parse the input: invalid <key,value> format"))
        }
    }

    @Test("limits within the role's: num_uses, ttl, CIDR subsets; bind_secret_id required")
    func validation() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["secret_id_ttl": "1h", "secret_id_num_uses": 5, "secret_id_bound_cidrs": "127.0.0.0/8"])
        func err(_ data: [String: JSONValue]) async -> LogicalError? { await h.error(.update, "role/web/secret-id", data) }
        #expect(await err(["num_uses": -1]) == .invalidRequest("num_uses cannot be negative"))
        #expect(await err(["num_uses": 0]) == .invalidRequest("num_uses cannot be higher than the role's secret_id_num_uses"))
        #expect(await err(["num_uses": 6]) == .invalidRequest("num_uses cannot be higher than the role's secret_id_num_uses"))
        #expect(await err(["ttl": "2h"]) == .invalidRequest("ttl cannot be longer than the role's secret_id_ttl"))
        #expect(await err(["ttl": 0]) == .invalidRequest("ttl cannot be longer than the role's secret_id_ttl"))
        #expect(await err(["ttl": -1])
            == .invalidRequest("Field validation failed: error converting input for field \"ttl\": cannot provide negative value '-1'"))
        #expect(await err(["cidr_list": "bogus"]) == .internalError("failed to validate CIDR blocks: invalid CIDR address: bogus"))
        #expect(await err(["cidr_list": "10.0.0.0/8"]) == .internalError(
            "failed to verify subset relationship between CIDR blocks on the role [\"127.0.0.0/8\"] and CIDR blocks on the secret ID [\"10.0.0.0/8\"]"))
        #expect(await err(["token_bound_cidrs": "127.0.0.1"])
            == .internalError("failed to validate token CIDR blocks: invalid CIDR address: 127.0.0.1"))
        let ok = try await h.data(.update, "role/web/secret-id", ["num_uses": 2, "ttl": "30m", "cidr_list": "127.0.0.1/32"])
        #expect(ok["secret_id_num_uses"] == 2 && ok["secret_id_ttl"] == 1800)

        try await h.call(.update, "role/near", ["token_bound_cidrs": "10.0.0.0/8"])
        #expect(await h.error(.update, "role/near/secret-id", ["token_bound_cidrs": "127.0.0.1/32"]) == .internalError(
            "failed to verify subset relationship between CIDR blocks on the role [\"10.0.0.0/8\"] and CIDR blocks on the secret ID [\"127.0.0.1/32\"]"))
        _ = try await h.secretID("near", ["token_bound_cidrs": "10.1.0.0/16"])

        try await h.call(.update, "role/nobind", ["bind_secret_id": false, "secret_id_bound_cidrs": "10.0.0.0/8"])
        #expect(await h.error(.update, "role/nobind/secret-id") == .invalidRequest("bind_secret_id is not set on the role"))
        #expect(await h.error(.update, "role/Nobody/secret-id") == .coded(status: 404, message: "role \"Nobody\" does not exist"))
        #expect(await h.error(.list, "role/nobody/secret-id/") == .invalidRequest("role \"nobody\" does not exist"))
        #expect(try await h.call(.list, "role/nobind/secret-id/") == nil)
    }

    @Test("custom secret ids: given, unique, then used like any other")
    func custom() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        #expect(await h.error(.update, "role/r/custom-secret-id") == .invalidRequest("missing secret_id"))
        let made = try await h.data(.update, "role/r/custom-secret-id", ["secret_id": "my-secret"])
        #expect(made["secret_id"] == "my-secret")
        #expect(await h.error(.update, "role/r/custom-secret-id", ["secret_id": "my-secret"])
            == .internalError("failed to store secret_id: SecretID is already registered"))
        _ = try await h.login(try await h.roleID("r"), "my-secret")
        #expect(await h.error(.update, "role/nobody/custom-secret-id", ["secret_id": "x"])
            == .coded(status: 404, message: "role \"nobody\" does not exist"))
    }

    @Test("destroy by secret id and by accessor; missing ones answer as OpenBao does")
    func destroy() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        let (s1, a1) = try await h.secretID("r")
        let (s2, a2) = try await h.secretID("r")
        try await h.call(.update, "role/r/secret-id/destroy", ["secret_id": .string(s1)])
        try await h.call(.update, "role/r/secret-id/destroy", ["secret_id": .string(s1)])
        #expect(try await h.call(.update, "role/r/secret-id/lookup", ["secret_id": .string(s1)]) == nil)
        #expect(try await h.call(.list, "role/r/secret-id/")?.data?["keys"] == .strings([a2]))
        try await h.call(.delete, "role/r/secret-id-accessor/destroy", ["secret_id_accessor": .string(a2)])
        #expect(try await h.call(.list, "role/r/secret-id/") == nil)
        #expect(await h.error(.update, "login", ["role_id": .string(try await h.roleID("r")), "secret_id": .string(s2)])
            == .invalidCredentials("invalid role or secret ID"))

        let missing = try await h.call(.update, "role/r/secret-id-accessor/lookup", ["secret_id_accessor": .string(a1)])
        #expect(missing?.status == 404 && missing?.data == ["error": .string("failed to find accessor entry for secret_id_accessor: \"\(a1)\"")])
        #expect(await h.error(.update, "role/r/secret-id-accessor/destroy", ["secret_id_accessor": "nope"])
            == .internalError("failed to find accessor entry for secret_id_accessor: \"nope\""))
        #expect(await h.error(.update, "role/r/secret-id/lookup") == .invalidRequest("missing secret_id"))
        #expect(await h.error(.update, "role/r/secret-id/destroy") == .invalidRequest("missing secret_id"))
        #expect(await h.error(.update, "role/r/secret-id-accessor/lookup") == .invalidRequest("missing secret_id_accessor"))
        #expect(await h.error(.update, "role/nobody/secret-id/lookup", ["secret_id": "x"]) == .internalError("role \"nobody\" does not exist"))
        #expect(await h.error(.update, "role/nobody/secret-id-accessor/destroy", ["secret_id_accessor": "x"])
            == .internalError("role \"nobody\" does not exist"))
    }

    @Test("an accessor of another role is not found through this one")
    func accessorScoping() async throws {
        let h = Harness()
        try await h.call(.update, "role/a", [:])
        try await h.call(.update, "role/b", [:])
        let (_, accessor) = try await h.secretID("a")
        #expect(try await h.call(.update, "role/b/secret-id-accessor/lookup", ["secret_id_accessor": .string(accessor)])?.status == 404)
        #expect(await h.error(.update, "role/b/secret-id-accessor/destroy", ["secret_id_accessor": .string(accessor)]) != nil)
        #expect(try await h.call(.list, "role/a/secret-id/")?.data?["keys"] == .strings([accessor]))
    }
}
