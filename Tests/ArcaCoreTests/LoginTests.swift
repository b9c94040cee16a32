import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Testing

/// A stand-in auth method: `login` with `user` and `password=ok` returns the token settings given
/// in the request, so tests drive the core's token issuing directly.
struct FakeLoginBackend {
    var router: PathRouter {
        PathRouter(
            paths: [
                Path("login", fields: [Field<String>("user", description: "").spec, Field<String>("password", description: "").spec]
                    + TokenSettings.fields,
                     operations: [.update: { req, f in
                         guard f.raw["password"] == "ok" else { throw LogicalError.invalidRequest("invalid username or password") }
                         var settings = TokenSettings()
                         try settings.update(from: f)
                         let user = f.raw["user"]?.stringValue ?? ""
                         return .login(AuthResult(
                            policies: settings.policies, metadata: ["username": user], displayName: user,
                            alias: IdentityAlias(name: user), token: settings))
                     }], synopsis: "Log in."),
                Path("whoami", operations: [.read: { _, _ in .data(["ok": true]) }], synopsis: "Needs a token."),
            ],
            unauthenticated: ["login"], help: "A fake auth method.")
    }
}

@Suite struct LoginTests {
    func fixture() async throws -> (LeaseFixture, RequestHandler) {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock, extra: { $0.type == "fakeauth" ? FakeLoginBackend().router : LeaseFixture.engines($0) })
        let result = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true)
        let f = LeaseFixture(core: core, clock: clock, physical: InMemoryBackend(), root: result.rootToken, unsealKey: "")
        try await f.call(.update, "sys/mounts/fake", ["type": "fakeauth", "config": ["max_lease_ttl": "2h"]])
        return (f, RequestHandler(core: core))
    }

    func login(_ f: LeaseFixture, _ data: [String: JSONValue], address: String? = "10.1.2.3") async throws -> [String: JSONValue] {
        let r = try await RequestHandler(core: f.core).handle(
            operation: .update, path: "fake/login", data: data, token: nil, requestID: "r", remoteAddress: address)
        return try #require(r?.auth)
    }

    @Test("a login needs no token and yields a token with default policy, metadata, entity and a lease")
    func basics() async throws {
        let (f, _) = try await fixture()
        let auth = try await login(f, ["user": "bob", "password": "ok", "token_policies": "app", "token_ttl": "30m"])
        let token = try #require(auth["client_token"]?.stringValue)
        #expect(auth["policies"] == ["app", "default"])
        #expect(auth["lease_duration"] == 1800)
        #expect(auth["orphan"] == true && auth["renewable"] == true)
        let entity = try #require(auth["entity_id"]?.stringValue)
        #expect(!entity.isEmpty)
        let me = try #require(try await f.call(.read, "auth/token/lookup-self", token: token)?.data)
        #expect(me["display_name"] == "fake-bob" && me["path"] == "fake/login" && me["meta"] == ["username": "bob"])
        #expect(me["entity_id"]?.stringValue == entity)
        let again = try await login(f, ["user": "bob", "password": "ok"])
        #expect(again["entity_id"]?.stringValue == entity)
        let other = try await login(f, ["user": "alice", "password": "ok"])
        #expect(other["entity_id"]?.stringValue != entity)
        let keys = try #require(try await f.call(.list, "sys/leases/lookup/fake/login/")?.data?["keys"]?.arrayValue)
        #expect(keys.count == 3)
        await #expect(throws: LogicalError.invalidRequest("invalid username or password")) {
            try await login(f, ["user": "bob", "password": "bad"])
        }
        await #expect(throws: LogicalError.permissionDenied) {
            try await RequestHandler(core: f.core).handle(operation: .read, path: "fake/whoami", data: [:], token: nil, requestID: "r", remoteAddress: nil)
        }
    }

    @Test("token TTLs: the mount's max caps token_ttl; renewals stop at token_max_ttl; periodic tokens renew by period")
    func ttls() async throws {
        let (f, _) = try await fixture()
        let capped = try await login(f, ["user": "a", "password": "ok", "token_ttl": "5h"])
        #expect(capped["lease_duration"] == 7200)
        let t = try #require(try await login(f, ["user": "b", "password": "ok", "token_ttl": "10m", "token_max_ttl": "15m"])["client_token"]?.stringValue)
        f.clock.advance(seconds: 500)
        let renewed = try #require(try await f.call(.update, "auth/token/renew-self", ["increment": "1h"], token: t)?.auth)
        #expect(renewed["lease_duration"] == 400)
        let periodic = try await login(f, ["user": "c", "password": "ok", "token_period": "20m"])
        #expect(periodic["lease_duration"] == 1200)
        await #expect(throws: LogicalError.self) { try await login(f, ["user": "d", "password": "ok", "token_policies": "root"]) }
    }

    @Test("token_bound_cidrs: the token works only from its networks; no_default_policy and batch type")
    func cidrsAndTypes() async throws {
        let (f, _) = try await fixture()
        let t = try #require(try await login(f, ["user": "a", "password": "ok", "token_bound_cidrs": "10.0.0.0/8"])["client_token"]?.stringValue)
        let ok = try await RequestHandler(core: f.core).handle(
            operation: .read, path: "auth/token/lookup-self", data: [:], token: t, requestID: "r", remoteAddress: "10.9.9.9")
        #expect(ok?.data?["id"]?.stringValue == t)
        await #expect(throws: LogicalError.permissionDenied) {
            try await RequestHandler(core: f.core).handle(
                operation: .read, path: "auth/token/lookup-self", data: [:], token: t, requestID: "r", remoteAddress: "192.168.1.1")
        }
        let nodefault = try await login(f, ["user": "b", "password": "ok", "token_policies": "app", "token_no_default_policy": true])
        #expect(nodefault["policies"] == ["app"])
        let batch = try await login(f, ["user": "c", "password": "ok", "token_type": "batch"])
        #expect(batch["client_token"]?.stringValue?.hasPrefix("b.") == true && batch["token_type"] == "batch")
        await #expect(throws: LogicalError.self) { try await login(f, ["user": "d", "password": "ok", "token_bound_cidrs": "10.0.0.0/33"]) }
    }

    @Test("a login can be response-wrapped")
    func wrappedLogin() async throws {
        let (f, _) = try await fixture()
        let r = try await RequestHandler(core: f.core).handle(
            operation: .update, path: "fake/login", data: ["user": "w", "password": "ok"], token: nil, requestID: "r",
            remoteAddress: nil, wrapTTL: 60)
        let info = try #require(r?.wrapInfo)
        #expect(r?.auth == nil)
        let unwrapped = try #require(try await f.call(.update, "sys/wrapping/unwrap", ["token": info["token"]!])?.auth)
        #expect(unwrapped["accessor"] == info["wrapped_accessor"])
    }
}
