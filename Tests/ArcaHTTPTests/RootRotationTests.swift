import ArcaCore
import ArcaWire
import HTTPTypes
import Testing

@Suite struct RootRotationTests {
    @Test("sys/rotate/root: the authenticated rekey, in the standard envelope")
    func rotation() async throws {
        try await WireHarness.run { h in
            let (keys, root) = try await h.initAndUnseal()
            #expect(try await h.call(.get, "/v1/sys/rotate/root/init").status == 403)
            var r = try await h.call(.get, "/v1/sys/rotate/root/init", token: root)
            #expect(r.body?["data"] == ["n": 0, "required": 3, "started": false, "t": 0])
            r = try await h.call(.post, "/v1/sys/rotate/root/init", token: root, json: #"{"secret_shares":2,"secret_threshold":2}"#)
            #expect(r.body?["data"]?["started"] == true && r.body?["data"]?["n"] == 2)
            let nonce = try #require(r.body?["data"]?["nonce"]?.stringValue)
            r = try await h.call(.post, "/v1/sys/rotate/root/init", token: root, json: #"{"secret_shares":2,"secret_threshold":2}"#)
            #expect(r.status == 400 && r.errors == ["rotation already in progress"])
            r = try await h.call(.put, "/v1/sys/rotate/root/update", token: root, json: #"{"key":"\#(keys[0])","nonce":"x"}"#)
            #expect(r.status == 400)
            for key in keys.prefix(3) {
                r = try await h.call(.put, "/v1/sys/rotate/root/update", token: root, json: #"{"key":"\#(key)","nonce":"\#(nonce)"}"#)
            }
            #expect(r.body?["data"]?["complete"] == true)
            #expect(r.body?["data"]?["keys_base64"]?.arrayValue?.count == 2)
            r = try await h.call(.put, "/v1/sys/rotate/root/update", token: root, json: #"{"key":"\#(keys[0])","nonce":"\#(nonce)"}"#)
            #expect(r.status == 400 && r.errors == ["no rotation in progress"])
            #expect(try await h.call(.delete, "/v1/sys/rotate/root/init", token: root).status == 204)
            #expect(try await h.core.sealManager.state().shares == 2)
        }
    }
}
