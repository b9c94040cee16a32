import ArcaCore
import HTTPTypes
import ArcaWire
import Testing

@Suite struct SysLifecycleTests {
    @Test("init, seal-status, unseal progress and unseal, as Vault answers them")
    func lifecycle() async throws {
        try await WireHarness.run { h in
            var r = try await h.call(.get, "/v1/sys/init")
            #expect(r.status == 200 && r.body == ["initialized": false])
            r = try await h.call(.get, "/v1/sys/seal-status")
            #expect(r.body?["initialized"] == false && r.body?["sealed"] == true && r.body?["t"] == 0)
            #expect(r.body?["type"] == "shamir" && r.body?["storage_type"] == "inmem")

            r = try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":5,"secret_threshold":3}"#)
            #expect(r.status == 200)
            let keys = try #require(r.body?["keys"]?.arrayValue.map { $0.compactMap { $0.stringValue } })
            let b64 = try #require(r.body?["keys_base64"]?.arrayValue.map { $0.compactMap { $0.stringValue } })
            #expect(keys.count == 5 && b64.count == 5 && keys.allSatisfy { $0.count == 66 })
            let root = try #require(r.body?["root_token"]?.stringValue)

            r = try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":1,"secret_threshold":1}"#)
            #expect(r.status == 400 && r.errors == ["Vault is already initialized"])

            r = try await h.call(.get, "/v1/secret/foo", token: root)
            #expect(r.status == 503 && r.errors == ["Vault is sealed"])

            r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"\#(keys[0])"}"#)
            #expect(r.body?["progress"] == 1 && r.body?["sealed"] == true && r.body?["n"] == 5 && r.body?["t"] == 3)
            #expect(r.body?["nonce"]?.stringValue?.count == 36)
            r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"\#(b64[1])"}"#)
            #expect(r.body?["progress"] == 2)
            r = try await h.call(.post, "/v1/sys/unseal", json: #"{"key":"\#(keys[4])"}"#)
            #expect(r.body?["sealed"] == false && r.body?["progress"] == 0 && r.body?["nonce"] == "")
            #expect(r.body?["cluster_name"]?.stringValue?.hasPrefix("arca-cluster-") == true)

            r = try await h.call(.get, "/v1/secret/foo", token: root)
            #expect(r.status == 404 && r.errors == ["no handler for route \"secret/foo\". route entry not found."])
            r = try await h.call(.get, "/v1/secret/foo")
            #expect(r.status == 403 && r.errors == ["permission denied"])
            r = try await h.call(.get, "/v1/secret/foo", token: "s.forged")
            #expect(r.status == 403)
            r = try await h.call(.get, "/v1/secret/foo", headers: [.authorization: "Bearer \(root)"])
            #expect(r.status == 404, "Authorization: Bearer is accepted")

            r = try await h.call(.put, "/v1/sys/seal")
            #expect(r.status == 403)
            r = try await h.call(.put, "/v1/sys/seal", token: root)
            #expect(r.status == 204)
            #expect(h.core.isSealed)
        }
    }

    @Test("unseal input errors", arguments: [
        (#"{}"#, "'key' must be specified in request body as JSON, or 'reset' set to true"),
        (#"{"key":"zz"}"#, "'key' must be a valid hex or base64 string"),
        (#"{"key":"abcd"}"#, "invalid key: key is shorter than minimum 16 bytes"),
        (#"{"key":5}"#, "field 'key' must be a string"),
        (#"{bad json"#, "failed to decode JSON input: invalid character 'b' looking for beginning of object key string"),
        (#"[1,2]"#, "expected a JSON object"),
    ])
    func unsealErrors(body: String, message: String) async throws {
        try await WireHarness.run { h in
            try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":1,"secret_threshold":1}"#)
            let r = try await h.call(.put, "/v1/sys/unseal", json: body)
            #expect(r.status == 400)
            #expect(r.errors == [message])
        }
    }

    @Test("unseal before init is a client error")
    func unsealUninitialized() async throws {
        try await WireHarness.run { h in
            let r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"00"}"#)
            #expect(r.status == 400 && r.errors == ["Vault is not initialized"])
        }
    }

    @Test("init parameter validation", arguments: [
        (#"{"secret_shares":0,"secret_threshold":3}"#, "invalid seal configuration: shares must be at least one"),
        (#"{"secret_shares":3,"secret_threshold":4}"#, "invalid seal configuration: threshold cannot be larger than shares"),
        (#"{"secret_shares":"x","secret_threshold":1}"#, "field 'secret_shares' must be an integer"),
        (#"{"secret_shares":3,"secret_threshold":2,"recovery_shares":1}"#,
         "parameters recovery_shares,recovery_threshold not applicable to seal type shamir"),
    ])
    func initErrors(body: String, message: String) async throws {
        try await WireHarness.run { h in
            let r = try await h.call(.put, "/v1/sys/init", json: body)
            #expect(r.status == 400 && r.errors == [message])
            #expect(try await h.core.sealManager.isInitialized() == false, "nothing half-written")
        }
    }

    @Test("reset discards progress")
    func reset() async throws {
        try await WireHarness.run { h in
            let r0 = try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":3,"secret_threshold":2}"#)
            let key = try #require(r0.body?["keys"]?[0]?.stringValue ?? r0.body?["keys"]?.arrayValue?.first?.stringValue)
            _ = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"\#(key)"}"#)
            let r = try await h.call(.put, "/v1/sys/unseal", json: #"{"reset":true,"key":"\#(key)"}"#)
            #expect(r.body?["progress"] == 0 && r.body?["nonce"] == "")
        }
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let a = arrayValue, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
