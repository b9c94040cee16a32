import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

@Suite struct TokenLifecycleTests {
    func create(_ core: Core, token: String, _ data: [String: JSONValue], path: String = "auth/token/create") async throws -> String {
        let r = try await RequestHandler(core: core).handle(
            operation: .update, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
        return try #require(r?.auth?["client_token"]?.stringValue)
    }

    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String, _ data: [String: JSONValue] = [:]) async throws -> LogicalResponse? {
        try await RequestHandler(core: core).handle(operation: op, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
    }

    @Test("revoking a parent revokes its children and grandchildren; orphans survive")
    func cascade() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        try await core.policies.put(name: "creator", text: #"path "auth/token/create" { capabilities = ["update"] }"#)
        let parent = try await create(core, token: root, ["policies": ["creator"]])
        let child = try await create(core, token: parent, [:])
        let grandchild = try await create(core, token: child, [:])
        let orphan = try await create(core, token: root, ["policies": ["default"]], path: "auth/token/create-orphan")
        _ = try await call(core, .update, "auth/token/revoke", token: root, ["token": .string(parent)])
        for t in [parent, child, grandchild] { #expect(try await core.tokens.lookup(t) == nil) }
        #expect(try await core.tokens.lookup(orphan) != nil)
    }

    @Test("revoke-orphan keeps the children as orphans")
    func revokeOrphan() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        try await core.policies.put(name: "creator", text: #"path "auth/token/create" { capabilities = ["update"] }"#)
        let parent = try await create(core, token: root, ["policies": ["creator"]])
        let child = try await create(core, token: parent, [:])
        _ = try await call(core, .update, "auth/token/revoke-orphan", token: root, ["token": .string(parent)])
        #expect(try await core.tokens.lookup(parent) == nil)
        #expect(try await core.tokens.lookup(child)?.isOrphan == true)
    }

    @Test("a token past its TTL is rejected")
    func expiry() async throws {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock)
        let root = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true).rootToken
        let t = try await create(core, token: root, ["policies": ["default"], "ttl": "60s"])
        #expect(try await call(core, .read, "auth/token/lookup-self", token: t)?.data?["ttl"] == 60)
        clock.advance(seconds: 61)
        await #expect(throws: LogicalError.permissionDenied) { try await call(core, .read, "auth/token/lookup-self", token: t) }
    }

    @Test("a token out of uses is rejected")
    func numUses() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let t = try await create(core, token: root, ["policies": ["default"], "num_uses": 2])
        _ = try await call(core, .read, "auth/token/lookup-self", token: t)
        _ = try await call(core, .read, "auth/token/lookup-self", token: t)
        await #expect(throws: LogicalError.permissionDenied) { try await call(core, .read, "auth/token/lookup-self", token: t) }
    }

    @Test("children cannot get policies their parent lacks; ids are stored hashed")
    func subset() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        try await core.policies.put(name: "p1", text: #"path "auth/token/create" { capabilities = ["update"] }"#)
        let parent = try await create(core, token: root, ["policies": ["p1"]])
        await #expect(throws: LogicalError.self) { try await create(core, token: parent, ["policies": ["root"]]) }
        let child = try await create(core, token: parent, ["policies": ["p1"]])
        #expect(child.hasPrefix("s.") && child.count == 2 + 8 + 33)
    }

    @Test("renewal extends within explicit_max_ttl")
    func renew() async throws {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock)
        let root = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true).rootToken
        let t = try await create(core, token: root, ["policies": ["default"], "ttl": "1h", "explicit_max_ttl": "90m"])
        clock.advance(seconds: 3000)
        let r = try await call(core, .update, "auth/token/renew-self", token: t, ["increment": "1h"])
        #expect(r?.auth?["lease_duration"] == .int(5400 - 3000), "capped by explicit_max_ttl")
    }

    @Test("tidy revokes expired tokens and removes index entries left by a crash; accessors are listable")
    func tidy() async throws {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock)
        let root = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true).rootToken
        try await core.policies.put(name: "creator", text: #"path "auth/token/create" { capabilities = ["update"] }"#)
        let short = try await create(core, token: root, ["policies": ["default"], "ttl": "10s"])
        let parent = try await create(core, token: root, ["policies": ["creator"]])
        let child = try await create(core, token: parent, [:])
        let listed = try await call(core, .list, "auth/token/accessors/", token: root)?.data?["keys"]?.arrayValue?.count
        #expect(listed == 4, "root, short, parent, child")
        // Simulate a crash that lost the parent's entry but not its index entries: the links
        // root→parent and parent→child both dangle.
        let parentHash = try core.tokens.idKey(parent)
        try await core.barrier.delete("sys/token/id/" + parentHash)
        clock.advance(seconds: 11)
        let r = try await call(core, .update, "auth/token/tidy", token: root)
        #expect(r?.warnings.first?.contains("1 expired tokens revoked, 1 dangling accessors and 2 dangling parent links removed") == true, "\(r?.warnings ?? [])")
        #expect(try await core.tokens.lookup(short) == nil)
        #expect(try await core.tokens.lookup(child)?.isOrphan == true)
        #expect(try await core.tokens.accessors().count == 2)
    }
}
