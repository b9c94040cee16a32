import ArcaCore
import ArcaWire
import HTTPTypes
import Testing

@Suite struct LogicalPipelineTests {
    @Test("mounts, KV through HTTP, envelopes, help, list, 204 and 404")
    func kvOverHTTP() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            var r = try await h.call(.post, "/v1/sys/mounts/secret", token: root, json: #"{"type":"kv","options":{"version":"2"}}"#)
            #expect(r.status == 204)
            r = try await h.call(.put, "/v1/secret/data/app", token: root, json: #"{"data":{"k":"v"}}"#)
            #expect(r.status == 200 && r.body?["data"]?["version"] == 1 && r.body?["request_id"]?.stringValue?.count == 36, "\(String(describing: r.body))")
            r = try await h.call(.get, "/v1/secret/data/app", token: root)
            #expect(r.body?["data"]?["data"] == ["k": "v"] && r.body?["lease_id"] == "" && r.body?["auth"] == .null)
            r = try await h.call(.get, "/v1/secret/metadata/?list=true", token: root)
            #expect(r.body?["data"]?["keys"] == ["app"])
            r = try await h.call(.get, "/v1/secret/data/none", token: root)
            #expect(r.status == 404 && r.body == ["errors": []])
            r = try await h.call(.get, "/v1/secret/config?help=1", token: root)
            #expect(r.body?["data"]?["help"]?.stringValue?.contains("max_versions") == true)
            r = try await h.call(.put, "/v1/secret/data/app", token: root, json: "[1]")
            #expect(r.status == 400)
            r = try await h.call(.get, "/v1/sys/mounts", token: root)
            #expect(r.body?["data"]?["secret/"]?["type"] == "kv")
        }
    }

    @Test("token creation returns an auth block; a policy denial uses Vault's multierror text")
    func tokensAndDenial() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            var r = try await h.call(.put, "/v1/sys/policies/acl/ro", token: root, json: #"{"policy":"path \"secret/*\" { capabilities = [\"read\"] }"}"#)
            #expect(r.status == 204)
            r = try await h.call(.post, "/v1/auth/token/create", token: root, json: #"{"policies":["ro"],"ttl":"10m"}"#)
            let token = try #require(r.body?["auth"]?["client_token"]?.stringValue)
            #expect(r.body?["auth"]?["policies"] == ["default", "ro"] && r.body?["auth"]?["lease_duration"] == 600)
            r = try await h.call(.put, "/v1/sys/policies/acl/x", token: token, json: #"{"policy":""}"#)
            #expect(r.status == 403 && r.errors == ["1 error occurred:\n\t* permission denied\n\n"])
            r = try await h.call(.get, "/v1/auth/token/lookup-self", token: token)
            #expect(r.body?["data"]?["policies"] == ["default", "ro"])
            r = try await h.call(.get, "/v1/sys/key-status", token: token)
            #expect(r.status == 403, "sys/key-status needs sudo")
        }
    }
}
