import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

@Suite struct BatchTokenTests {
    @Test("a batch token authenticates, is not stored, and cannot be renewed or revoked")
    func basics() async throws {
        let f = try await LeaseFixture.make()
        let before = try await f.core.barrier.list(prefix: "sys/token/id/").count
        let auth = try #require(try await f.call(.update, "auth/token/create", ["type": "batch", "policies": ["default"], "ttl": "10m"])?.auth)
        let id = try #require(auth["client_token"]?.stringValue)
        #expect(id.hasPrefix("b."))
        #expect(auth["accessor"] == "" && auth["token_type"] == "batch" && auth["renewable"] == false)
        #expect(try await f.core.barrier.list(prefix: "sys/token/id/").count == before)
        let me = try #require(try await f.call(.read, "auth/token/lookup-self", token: id)?.data)
        #expect(me["type"] == "batch" && me["policies"] == ["default"] && me["ttl"] == 600)
        await #expect(throws: LogicalError.invalidRequest("batch tokens cannot be renewed")) {
            try await f.call(.update, "auth/token/renew-self", token: id)
        }
        await #expect(throws: LogicalError.invalidRequest("batch tokens cannot be revoked")) {
            try await f.call(.update, "auth/token/revoke", ["token": .string(id)])
        }
        await #expect(throws: LogicalError.invalidRequest("cubbyhole operations are only supported by 'service' type tokens")) {
            try await f.call(.update, "cubbyhole/x", ["a": "b"], token: id)
        }
        f.clock.advance(seconds: 601)
        await #expect(throws: LogicalError.permissionDenied) { try await f.call(.read, "auth/token/lookup-self", token: id) }
    }

    @Test("a batch token dies with its parent, and so do the secrets it obtained")
    func parent() async throws {
        let f = try await LeaseFixture.make()
        try await f.core.policies.put(
            name: "p", text: #"path "auth/token/create" { capabilities = ["update"] } path "leases/creds/*" { capabilities = ["read"] }"#)
        let parent = try await f.createToken(["policies": ["p"], "ttl": "1h"])
        let batch = try await f.createToken(["type": "batch", "policies": ["p"]], token: parent)
        let lease = try #require(try await f.call(.read, "leases/creds/x", token: batch)?.secret)
        try await f.call(.update, "auth/token/revoke", ["token": .string(parent)])
        await #expect(throws: LogicalError.permissionDenied) { try await f.call(.read, "auth/token/lookup-self", token: batch) }
        #expect(try await f.core.expiration.lookup(lease.leaseID) == nil)
    }

    @Test("what a batch token cannot be, and tampered ids")
    func refusals() async throws {
        let f = try await LeaseFixture.make()
        let cases: [([String: JSONValue], String)] = [
            (["type": "batch"], "batch tokens cannot be root tokens"),
            (["type": "batch", "policies": ["default"], "num_uses": 2], "batch tokens cannot have \"num_uses\" set"),
            (["type": "batch", "policies": ["default"], "period": "1h"], "batch tokens cannot have \"period\" set"),
            (["type": "batch", "policies": ["default"], "explicit_max_ttl": "1h"], "batch tokens cannot have \"explicit_max_ttl\" set"),
            (["type": "bogus", "policies": ["default"]], "invalid 'token_type' value"),
        ]
        for (body, message) in cases {
            await #expect(throws: LogicalError.invalidRequest(message)) { try await f.call(.update, "auth/token/create", body) }
        }
        let id = try await f.createToken(["type": "batch", "policies": ["default"]])
        var bytes = Array(id.utf8)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = String(decoding: bytes, as: UTF8.self)
        await #expect(throws: LogicalError.permissionDenied) { try await f.call(.read, "auth/token/lookup-self", token: tampered) }
        await #expect(throws: LogicalError.permissionDenied) {
            try await f.call(.read, "auth/token/lookup-self", token: "b." + String(repeating: "A", count: 5000))
        }
    }
}
