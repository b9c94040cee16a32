import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

@Suite struct WrappingTests {
    @Test("a wrapped KV read returns only wrap_info; unwrap works once")
    func wrapUnwrap() async throws {
        let f = try await LeaseFixture.make()
        try await f.call(.update, "sys/mounts/kv", ["type": "kv"])
        try await f.call(.update, "kv/app", ["password": "s3cr3t"])
        let wrapped = try #require(try await f.call(.read, "kv/app", wrapTTL: 60))
        #expect(wrapped.data == nil)
        let info = try #require(wrapped.wrapInfo)
        #expect(info["ttl"] == 60)
        #expect(info["creation_path"] == "kv/app")
        #expect(wrapped.envelope(requestID: "r").requestID == "")
        let token = try #require(info["token"]?.stringValue)
        let lookup = try #require(try await f.call(.update, "sys/wrapping/lookup", ["token": .string(token)], token: ""))
        #expect(lookup.data?["creation_ttl"] == 60)
        #expect(lookup.data?["creation_path"] == "kv/app")
        // The wrapping token itself unwraps (its single use).
        let unwrapped = try #require(try await f.call(.update, "sys/wrapping/unwrap", token: token))
        #expect(unwrapped.data?["password"] == "s3cr3t")
        await #expect(throws: LogicalError.self) { try await f.call(.update, "sys/wrapping/unwrap", token: token) }
        await #expect(throws: LogicalError.invalidRequest("wrapping token is not valid or does not exist")) {
            try await f.call(.update, "sys/wrapping/unwrap", ["token": .string(token)])
        }
    }

    @Test("unwrap with the token in the body, by another token; concurrent unwraps: exactly one wins")
    func unwrapInBody() async throws {
        let f = try await LeaseFixture.make()
        let wrapped = try #require(try await f.call(.update, "sys/wrapping/wrap", ["k": "v"], wrapTTL: 300))
        let token = try #require(wrapped.wrapInfo?["token"]?.stringValue)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (try? await f.call(.update, "sys/wrapping/unwrap", ["token": .string(token)]))?.data?["k"] == "v" }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
    }

    @Test("sys/wrapping/wrap needs a wrap TTL; bad tokens get Vault's error")
    func wrapErrors() async throws {
        let f = try await LeaseFixture.make()
        await #expect(throws: LogicalError.invalidRequest("endpoint requires response wrapping to be used")) {
            try await f.call(.update, "sys/wrapping/wrap", ["k": "v"])
        }
        await #expect(throws: LogicalError.invalidRequest("wrapping token is not valid or does not exist")) {
            try await f.call(.update, "sys/wrapping/unwrap", ["token": "s.nope"])
        }
        // A normal token is not a wrapping token.
        await #expect(throws: LogicalError.invalidRequest("wrapping token is not valid or does not exist")) {
            try await f.call(.update, "sys/wrapping/unwrap", ["token": .string(f.root)])
        }
        await #expect(throws: LogicalError.invalidRequest("error validating wrapping token: token is empty")) {
            try await f.call(.update, "sys/wrapping/lookup", token: "")
        }
    }

    @Test("rewrap moves the response to a new token and revokes the old")
    func rewrap() async throws {
        let f = try await LeaseFixture.make()
        let first = try #require(try await f.call(.update, "sys/wrapping/wrap", ["k": "v"], wrapTTL: 120)?.wrapInfo?["token"]?.stringValue)
        let second = try #require(try await f.call(.update, "sys/wrapping/rewrap", ["token": .string(first)])?.wrapInfo)
        #expect(second["ttl"] == 120)
        #expect(second["creation_path"] == "sys/wrapping/wrap")
        await #expect(throws: LogicalError.self) { try await f.call(.update, "sys/wrapping/unwrap", ["token": .string(first)]) }
        let data = try await f.call(.update, "sys/wrapping/unwrap", ["token": second["token"]!])?.data
        #expect(data?["k"] == "v")
    }

    @Test("a wrapped token creation carries wrapped_accessor; unwrapping yields the auth block")
    func wrappedAuth() async throws {
        let f = try await LeaseFixture.make()
        let wrapped = try #require(try await f.call(.update, "auth/token/create", ["policies": ["default"]], wrapTTL: 60)?.wrapInfo)
        let accessor = try #require(wrapped["wrapped_accessor"]?.stringValue)
        let auth = try #require(try await f.call(.update, "sys/wrapping/unwrap", ["token": wrapped["token"]!])?.auth)
        #expect(auth["accessor"]?.stringValue == accessor)
        let token = try #require(auth["client_token"]?.stringValue)
        #expect(try await f.core.tokens.lookup(token) != nil)
    }

    @Test("a wrapped leased secret keeps its lease; the wrapping token expires with its TTL and its cubbyhole goes")
    func wrappedLease() async throws {
        let f = try await LeaseFixture.make()
        let token = try #require(try await f.call(.read, "leases/creds/app", wrapTTL: 30)?.wrapInfo?["token"]?.stringValue)
        f.clock.advance(seconds: 31)
        await f.core.expiration.tick()
        await #expect(throws: LogicalError.self) { try await f.call(.update, "sys/wrapping/unwrap", ["token": .string(token)]) }
        let prefix = try #require(f.core.mounts.cubbyholePrefix)
        #expect(try await f.core.barrier.list(prefix: prefix).isEmpty)
        let again = try #require(try await f.call(.read, "leases/creds/app", wrapTTL: 30)?.wrapInfo?["token"]?.stringValue)
        let secret = try #require(try await f.call(.update, "sys/wrapping/unwrap", ["token": .string(again)]))
        #expect(secret.secret?.leaseID.hasPrefix("leases/creds/app/") == true)
        #expect(secret.data?["username"] != nil)
    }

    @Test("policy wrapping bounds: too short, too long or missing are denied")
    func policyBounds() async throws {
        let f = try await LeaseFixture.make()
        try await f.call(.update, "sys/mounts/kv", ["type": "kv"])
        try await f.call(.update, "kv/app", ["a": "1"])
        try await f.core.policies.put(
            name: "w", text: #"path "kv/*" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "10m" }"#)
        let t = try await f.createToken(["policies": ["w"]])
        for ttl in [0, 30, 3600] {
            await #expect(throws: LogicalError.self) { try await f.call(.read, "kv/app", token: t, wrapTTL: ttl) }
        }
        #expect(try await f.call(.read, "kv/app", token: t, wrapTTL: 300)?.wrapInfo != nil)
    }

    @Test("a token's last use cannot be spent twice by concurrent requests")
    func lastUseRace() async throws {
        let f = try await LeaseFixture.make()
        let t = try await f.createToken(["policies": ["default"], "num_uses": 1])
        let ok = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask { (try? await f.call(.read, "auth/token/lookup-self", token: t)) != nil }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(ok == 1)
        #expect(try await f.core.tokens.lookup(t) == nil)
    }

    @Test("a wrap TTL past what a duration holds is bounded, not an overflow trap")
    func hugeWrapTTL() async throws {
        // Before the fix this trapped in the token lease's expiry arithmetic (creation + TTL).
        let f = try await LeaseFixture.make()
        let wrapped = try #require(try await f.call(.update, "sys/wrapping/wrap", ["k": "v"], wrapTTL: 9_223_372_036_854_775_000))
        #expect(wrapped.wrapInfo?["ttl"] == .int(Int(DurationParser.maxSeconds)))
        let token = try #require(wrapped.wrapInfo?["token"]?.stringValue)
        let lookup = try #require(try await f.call(.update, "sys/wrapping/lookup", ["token": .string(token)], token: ""))
        #expect(lookup.data?["creation_ttl"] == .int(Int(DurationParser.maxSeconds)))
        let rewrapped = try #require(try await f.call(.update, "sys/wrapping/rewrap", ["token": .string(token)]))
        #expect(rewrapped.wrapInfo?["ttl"] == .int(Int(DurationParser.maxSeconds)))
    }
}
