import ArcaCore
import ArcaWire
import HTTPTypes
import NIOCore
import Testing

@Suite struct HealthTests {
    @Test("health status codes follow the state and the query overrides")
    func healthCodes() async throws {
        try await WireHarness.run { h in
            var r = try await h.call(.get, "/v1/sys/health")
            #expect(r.status == 501 && r.body?["initialized"] == false)
            #expect(try await h.call(.get, "/v1/sys/health?uninitcode=200").status == 200)
            let initialized = try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":1,"secret_threshold":1}"#)
            let key = try #require(initialized.body?["keys"]?.arrayValue?.first?.stringValue)
            r = try await h.call(.get, "/v1/sys/health")
            #expect(r.status == 503 && r.body?["sealed"] == true)
            #expect(try await h.call(.get, "/v1/sys/health?sealedcode=299").status == 299)
            #expect(try await h.call(.get, "/v1/sys/health?sealedcode=abc").status == 400)
            try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"\#(key)"}"#)
            r = try await h.call(.get, "/v1/sys/health")
            #expect(r.status == 200 && r.body?["sealed"] == false && r.body?["standby"] == false)
            #expect(r.body?["server_time_utc"]?.int64Value != nil && r.body?["version"] == .string(ArcaVersion.version))
            #expect(try await h.call(.get, "/v1/sys/health?activecode=201&standbyok=true").status == 201)
            r = try await h.call(.head, "/v1/sys/health")
            #expect(r.status == 200 && r.rawBody.isEmpty)
        }
    }

    @Test("leader: 503 while sealed, a single node without HA once unsealed")
    func leader() async throws {
        try await WireHarness.run { h in
            var r = try await h.call(.get, "/v1/sys/leader")
            #expect(r.status == 503 && r.errors == ["Vault is sealed"])
            _ = try await h.initAndUnseal()
            r = try await h.call(.get, "/v1/sys/leader")
            #expect(r.status == 200 && r.body == ["ha_enabled": false])
        }
    }

    @Test("a node that cannot serve reports standby")
    func standby() async throws {
        try await WireHarness.run { h in
            #expect(try await h.call(.get, "/v1/sys/health").body?["standby"] == true)
            _ = try await h.initAndUnseal()
            #expect(try await h.call(.get, "/v1/sys/health").body?["standby"] == false)
        }
    }
}

@Suite struct KeyringAndRekeyTests {
    @Test("key-status and rotate need the root token")
    func keyring() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            #expect(try await h.call(.get, "/v1/sys/key-status").status == 403)
            var r = try await h.call(.get, "/v1/sys/key-status", token: root)
            #expect(r.status == 200 && r.body?["data"]?["term"] == 1 && r.body?["term"] == 1)
            #expect(r.body?["request_id"]?.stringValue?.isEmpty == false && r.body?["lease_id"] == "")
            #expect(try await h.call(.post, "/v1/sys/rotate").status == 403)
            #expect(try await h.call(.post, "/v1/sys/rotate", token: root).status == 204)
            #expect(try await h.call(.post, "/v1/sys/rotate/keyring", token: root).status == 204)
            r = try await h.call(.get, "/v1/sys/key-status", token: root)
            #expect(r.body?["data"]?["term"] == 3)
        }
    }

    @Test("rekey over HTTP")
    func rekey() async throws {
        try await WireHarness.run { h in
            let (keys, root) = try await h.initAndUnseal()
            #expect(try await h.call(.get, "/v1/sys/rekey/init").status == 403)
            var r = try await h.call(.get, "/v1/sys/rekey/init", token: root)
            #expect(r.body?["started"] == false)
            r = try await h.call(.put, "/v1/sys/rekey/init", token: root, json: #"{"secret_shares":3,"secret_threshold":2}"#)
            #expect(r.body?["started"] == true && r.body?["n"] == 3 && r.body?["t"] == 2 && r.body?["required"] == 3)
            let nonce = try #require(r.body?["nonce"]?.stringValue)
            r = try await h.call(.put, "/v1/sys/rekey/update", token: root, json: #"{"key":"\#(keys[0])","nonce":"nope"}"#)
            #expect(r.status == 400)
            for key in keys.prefix(2) {
                r = try await h.call(.put, "/v1/sys/rekey/update", token: root, json: #"{"key":"\#(key)","nonce":"\#(nonce)"}"#)
                #expect(r.body?["complete"] == nil)
            }
            r = try await h.call(.put, "/v1/sys/rekey/update", token: root, json: #"{"key":"\#(keys[1])","nonce":"\#(nonce)"}"#)
            #expect(r.status == 400 && r.errors == ["given key has already been provided during this generation operation"])
            r = try await h.call(.put, "/v1/sys/rekey/update", token: root, json: #"{"key":"\#(keys[2])","nonce":"\#(nonce)"}"#)
            #expect(r.body?["complete"] == true)
            let newKeys = try #require(r.body?["keys"]?.arrayValue.map { $0.compactMap { $0.stringValue } })
            #expect(newKeys.count == 3)
            #expect(try await h.call(.put, "/v1/sys/seal", token: root).status == 204)
            for key in newKeys.prefix(2) { r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"\#(key)"}"#) }
            #expect(r.body?["sealed"] == false)
            r = try await h.call(.put, "/v1/sys/rekey/init", token: root, json: #"{"secret_shares":1,"secret_threshold":1}"#)
            #expect(try await h.call(.delete, "/v1/sys/rekey/init", token: root).status == 204)
            #expect(try await h.call(.get, "/v1/sys/rekey/init", token: root).body?["started"] == false)
        }
    }
}

@Suite struct WireErrorTests {
    @Test("unknown paths, wrong methods and oversize bodies")
    func errors() async throws {
        try await WireHarness.run { h in
            var r = try await h.call(.get, "/nothing")
            #expect(r.status == 404 && r.body == ["errors": []])
            r = try await h.call(.delete, "/v1/sys/seal-status")
            #expect(r.status == 405 && r.body == ["errors": []])
            r = try await h.call(.get, "/v1/sys/unseal")
            #expect(r.status == 405)
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 32 * 1024 * 1024 + 1)
            r = try await h.call(.put, "/v1/sys/init", bytes: big)
            #expect(r.status == 413 && r.errors == ["http: request body too large"], "\(r.status) \(r.rawBody)")
            r = try await h.call(.put, "/v1/secret/big", bytes: big)
            #expect(r.status == 413, "the size limit is checked before the sealed check")
            let exact = ByteBuffer(repeating: UInt8(ascii: " "), count: 32 * 1024 * 1024)
            r = try await h.call(.put, "/v1/secret/big", bytes: exact)
            #expect(r.status == 503, "exactly the limit is accepted")
            r = try await h.call(.get, "/v1/sys/seal-status")
            #expect(r.headers[.contentType] == "application/json" && r.headers[.cacheControl] == "no-store")
        }
    }

    @Test("a client-sent original-method header does not change the operation")
    func spoofedMethodHeader() async throws {
        try await WireHarness.run { h in
            let r = try await h.call(.get, "/v1/sys/seal-status", headers: [HTTPField.Name("X-Arca-Original-Method")!: "PUT"])
            #expect(r.status == 200)
            let u = try await h.call(.get, "/v1/sys/unseal", headers: [HTTPField.Name("X-Arca-Original-Method")!: "PUT"])
            #expect(u.status == 405)
        }
    }
}

