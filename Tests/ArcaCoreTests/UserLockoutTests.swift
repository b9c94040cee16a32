import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Logging
import Testing

/// A stand-in for userpass: `login/{username}`, where `bob`, `carol` and `dave` exist with the
/// password `pw`. A known user's wrong password is `invalidCredentials`; an unknown user's login
/// is `invalidRequest` with the same text.
struct FakeLockoutBackend {
    static let users: Set = ["bob", "carol", "dave"]
    static let text = "invalid username or password"

    var router: PathRouter {
        let username = Field<String>("username", description: "")
        let password = Field<String>("password", description: "")
        return PathRouter(
            paths: [
                Path("login/{username}", fields: [username.spec, password.spec],
                     operations: [.update: { _, f in
                         let name = try f[username].lowercased()
                         guard Self.users.contains(name) else { throw LogicalError.invalidRequest(Self.text) }
                         guard try f[password] == "pw" else { throw LogicalError.invalidCredentials(Self.text) }
                         return .login(AuthResult(policies: [], displayName: name, alias: IdentityAlias(name: name)))
                     }], synopsis: "Log in.", lockoutAlias: { _, f in try f[username].lowercased() }),
            ],
            unauthenticated: ["login/*"], help: "A fake userpass.")
    }
}

/// A core with the fake userpass mounted at `auth/userpass/` and an AppRole-typed copy at
/// `auth/other/`, on a manual clock.
struct LockoutFixture {
    let core: Core
    let clock: ManualWallClock
    let root: String
    let shares: [[UInt8]]

    static func make(
        lockout: UserLockoutDefaults = UserLockoutDefaults(), physical: any PhysicalBackend = InMemoryBackend(),
        clock: ManualWallClock = ManualWallClock(), initialize: Bool = true
    ) async throws -> LockoutFixture {
        var logger = Logger(label: "arca.test")
        logger.logLevel = .critical
        var config = CoreConfiguration(storageType: "inmem", clock: clock, logger: logger)
        config.userLockout = lockout
        let core = Core(
            physical: physical, configuration: config,
            backends: { ["userpass", "approle", "jwt"].contains($0.type) ? FakeLockoutBackend().router : nil })
        guard initialize else {
            _ = try await core.sealManager.state()
            return LockoutFixture(core: core, clock: clock, root: "", shares: [])
        }
        let result = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true)
        let f = LockoutFixture(core: core, clock: clock, root: result.rootToken, shares: result.shares)
        try await f.call(.update, "sys/auth/userpass", ["type": "userpass"])
        return f
    }

    @discardableResult
    func call(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], token: String? = nil)
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(
            operation: op, path: path, data: data, token: token ?? root, requestID: "r", remoteAddress: "10.0.0.1")
    }

    /// The error a login gives, or nil when it logs in.
    func login(_ user: String, _ password: String, mount: String = "userpass") async -> LogicalError? {
        do {
            let r = try await RequestHandler(core: core).handle(
                operation: .update, path: "auth/\(mount)/login/\(user)", data: ["password": .string(password)], token: nil,
                requestID: "r", remoteAddress: "10.0.0.1")
            return r?.auth == nil ? .invalidRequest("no auth") : nil
        } catch let e as LogicalError {
            return e
        } catch {
            return .invalidRequest("\(error)")
        }
    }

    func fail(_ user: String, times: Int, mount: String = "userpass") async {
        for _ in 0..<times { _ = await login(user, "wrong", mount: mount) }
    }

    func accessor(_ mount: String = "userpass") async throws -> String {
        try #require(try await call(.read, "sys/auth")?.data?["\(mount)/"]?["accessor"]?.stringValue)
    }

    func locked() async throws -> JSONValue { try #require(try await call(.read, "sys/locked-users")?.data.map(JSONValue.object)) }
}

@Suite struct UserLockoutTests {
    static let wrong = LogicalError.invalidCredentials(FakeLockoutBackend.text)

    @Test("five wrong passwords lock the user: the sixth attempt, right password included, is permission denied")
    func locksAfterThreshold() async throws {
        let f = try await LockoutFixture.make()
        for _ in 0..<5 { #expect(await f.login("bob", "nope") == Self.wrong) }
        #expect(await f.login("bob", "pw") == .permissionDenied)
        #expect(await f.login("BOB", "nope") == .permissionDenied)
        // Other users are not affected.
        #expect(await f.login("carol", "pw") == nil)
        let accessor = try await f.accessor()
        let listed = try await f.locked()
        #expect(listed["total"] == 1)
        #expect(listed["by_namespace"] == [[
            "namespace_id": "root", "namespace_path": "", "counts": 1,
            "mount_accessors": [["mount_accessor": .string(accessor), "counts": 1, "alias_identifiers": ["bob"]]],
        ]])
    }

    @Test("the lock ends after lockout_duration, with a fresh count")
    func lockExpires() async throws {
        let f = try await LockoutFixture.make()
        await f.fail("bob", times: 5)
        f.clock.advance(seconds: 899)
        #expect(await f.login("bob", "pw") == .permissionDenied)
        f.clock.advance(seconds: 1)
        #expect(await f.login("bob", "nope") == Self.wrong)
        #expect(await f.login("bob", "pw") == nil)
        #expect(try await f.locked()["total"] == 0)
    }

    @Test("the count starts again after lockout_counter_reset without a failure, and after a successful login")
    func countResets() async throws {
        let f = try await LockoutFixture.make()
        await f.fail("bob", times: 4)
        f.clock.advance(seconds: 900)
        await f.fail("bob", times: 4)
        #expect(await f.login("bob", "pw") == nil)
        await f.fail("bob", times: 4)
        #expect(await f.login("bob", "pw") == nil)
        await f.fail("bob", times: 5)
        #expect(await f.login("bob", "pw") == .permissionDenied)
    }

    @Test("unknown users are never locked and leave nothing in storage")
    func unknownUsers() async throws {
        let f = try await LockoutFixture.make()
        for _ in 0..<8 { #expect(await f.login("mallory", "x") == .invalidRequest(FakeLockoutBackend.text)) }
        #expect(try await f.core.barrier.list(prefix: "core/login/lockout/").isEmpty)
        #expect(try await f.locked()["total"] == 0)
    }

    @Test("unlock ends a lock at once; unlocking what is not locked is accepted")
    func unlock() async throws {
        let f = try await LockoutFixture.make()
        await f.fail("bob", times: 5)
        let accessor = try await f.accessor()
        #expect(try await f.call(.update, "sys/locked-users/\(accessor)/unlock/bob") == nil)
        #expect(await f.login("bob", "pw") == nil)
        #expect(try await f.call(.update, "sys/locked-users/\(accessor)/unlock/nobody") == nil)
        #expect(try await f.call(.update, "sys/locked-users/auth_bogus_1/unlock/bob") == nil)
    }

    @Test("sys/locked-users with mount_accessor names that accessor even when nothing is locked")
    func listFiltered() async throws {
        let f = try await LockoutFixture.make()
        let listed = try #require(try await f.call(.read, "sys/locked-users", ["mount_accessor": "xyz"])?.data)
        #expect(listed["by_namespace"] == [[
            "namespace_id": "root", "namespace_path": "", "counts": 0,
            "mount_accessors": [["mount_accessor": "xyz", "counts": 0, "alias_identifiers": nil]],
        ]])
        #expect(try await f.locked()["by_namespace"]?.arrayValue?.first?["mount_accessors"] == [])
    }

    @Test("sys/locked-users needs a policy that grants it, as any sys path")
    func listNeedsPolicy() async throws {
        let f = try await LockoutFixture.make()
        let token = try #require(try await f.call(.update, "auth/token/create", ["policies": "default"])?.auth?["client_token"]?.stringValue)
        await #expect(throws: (any Error).self) { try await f.call(.read, "sys/locked-users", token: token) }
    }

    @Test("locks are kept in the barrier: they survive a seal and unseal, and a new core on the same storage")
    func persisted() async throws {
        let physical = InMemoryBackend()
        let clock = ManualWallClock()
        let f = try await LockoutFixture.make(physical: physical, clock: clock)
        await f.fail("bob", times: 5)
        await f.core.sealManager.sealNow()
        _ = try await f.core.sealManager.submitUnsealKey(Base64.encode(f.shares[0]))
        #expect(await f.login("bob", "pw") == .permissionDenied)
        let restarted = try await LockoutFixture.make(physical: physical, clock: clock, initialize: false)
        _ = try await restarted.core.sealManager.submitUnsealKey(Base64.encode(f.shares[0]))
        let again = LockoutFixture(core: restarted.core, clock: clock, root: f.root, shares: f.shares)
        #expect(await again.login("bob", "pw") == .permissionDenied)
        #expect(try await again.locked()["total"] == 1)
    }

    @Test("the config file's stanzas: the method type's over all's over the defaults; disable_lockout; the environment")
    func serverDefaults() async throws {
        let all = UserLockoutConfig(threshold: 3, duration: 60)
        let f = try await LockoutFixture.make(lockout: UserLockoutDefaults(stanzas: ["all": all, "userpass": UserLockoutConfig(threshold: 2)]))
        await f.fail("bob", times: 2)
        #expect(await f.login("bob", "pw") == .permissionDenied)
        f.clock.advance(seconds: 60)
        #expect(await f.login("bob", "pw") == nil)

        let off = try await LockoutFixture.make(lockout: UserLockoutDefaults(stanzas: ["userpass": UserLockoutConfig(disabled: true)]))
        await off.fail("bob", times: 10)
        #expect(await off.login("bob", "pw") == nil)

        let env = try await LockoutFixture.make(lockout: UserLockoutDefaults(disabledByEnvironment: true))
        try await env.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": ["lockout_disable": false]])
        await env.fail("bob", times: 10)
        #expect(await env.login("bob", "pw") == nil)
    }

    @Test("user_lockout_config on tune: read back flat, listed nested, merged key by key, applied at once")
    func tune() async throws {
        let f = try await LockoutFixture.make()
        let before = try #require(try await f.call(.read, "sys/auth/userpass/tune")?.data)
        #expect(before["user_lockout_threshold"] == nil)
        try await f.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": [:]])
        #expect(try await f.call(.read, "sys/auth/userpass/tune")?.data?["user_lockout_threshold"] == nil)
        try await f.call(.update, "sys/auth/userpass/tune", [
            "user_lockout_config": ["lockout_threshold": "2", "lockout_duration": "10m", "lockout_counter_reset": "1h"],
        ])
        try await f.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": ["lockout_counter_reset_duration": 1200]])
        let read = try #require(try await f.call(.read, "sys/auth/userpass/tune")?.data)
        #expect(read["user_lockout_threshold"] == 2 && read["user_lockout_duration"] == 600)
        #expect(read["user_lockout_counter_reset_duration"] == 1200 && read["user_lockout_disable"] == false)
        #expect(read["user_lockout_config"] == nil)
        let listed = try #require(try await f.call(.read, "sys/auth")?.data?["userpass/"]?["config"]?["user_lockout_config"])
        #expect(listed == [
            "user_lockout_threshold": 2, "user_lockout_duration": 600, "user_lockout_counter_reset_duration": 1200,
            "user_lockout_disable": false,
        ])
        await f.fail("bob", times: 2)
        #expect(await f.login("bob", "pw") == .permissionDenied)
        f.clock.advance(seconds: 600)
        #expect(await f.login("bob", "pw") == nil)

        // A threshold of 0 goes back to the server's 5; lockout_disable turns it off for this mount.
        try await f.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": ["lockout_threshold": 0]])
        await f.fail("bob", times: 4)
        #expect(await f.login("bob", "pw") == nil)
        try await f.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": ["lockout_disable": true]])
        await f.fail("carol", times: 9)
        #expect(await f.login("carol", "pw") == nil)
        #expect(try await f.call(.read, "sys/auth/userpass/tune")?.data?["user_lockout_disable"] == true)
    }

    @Test("bad user_lockout_config values are refused with OpenBao's messages, and change nothing")
    func tuneRefusals() async throws {
        let f = try await LockoutFixture.make()
        let cases: [(JSONValue, String)] = [
            (["lockout_threshold": "abc"], "unable to parse user lockout threshold: strconv.ParseUint: parsing \"abc\": invalid syntax"),
            (["lockout_threshold": -1], "unable to parse user lockout threshold: strconv.ParseUint: parsing \"-1\": invalid syntax"),
            (["lockout_threshold": "99999999999999999999"],
             "unable to parse user lockout threshold: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"),
            (["lockout_duration": "abc"], "time: invalid duration \"abc\""),
            (["lockout_duration": "-5m"], "lockout_duration cannot be negative"),
            (["lockout_counter_reset_duration": "-1s"], "lockout_counter_reset_duration cannot be negative"),
            (["lockout_disable": "true"], "unable to convert given user lockout config information"),
        ]
        for (config, message) in cases {
            await #expect(throws: LogicalError.invalidRequest(message)) {
                try await f.call(.update, "sys/auth/userpass/tune", ["user_lockout_config": config])
            }
        }
        #expect(try await f.call(.read, "sys/auth/userpass/tune")?.data?["user_lockout_threshold"] == nil)
        try await f.call(.update, "sys/auth/jwt", ["type": "jwt"])
        await #expect(throws: LogicalError.invalidRequest("tuning of user lockout configuration for auth type \"jwt\" not allowed")) {
            try await f.call(.update, "sys/auth/jwt/tune", ["user_lockout_config": ["lockout_threshold": "3"]])
        }
    }

    @Test("each auth mount counts its own failures; methods outside the auth table are never locked")
    func perMount() async throws {
        let f = try await LockoutFixture.make()
        try await f.call(.update, "sys/auth/other", ["type": "approle"])
        await f.fail("bob", times: 5)
        #expect(await f.login("bob", "pw") == .permissionDenied)
        #expect(await f.login("bob", "pw", mount: "other") == nil)
    }

    @Test("lockout arithmetic saturates: a huge duration locks until the end of time, without a trap")
    func hugeDurations() async throws {
        let f = try await LockoutFixture.make()
        try await f.call(.update, "sys/auth/userpass/tune", [
            "user_lockout_config": ["lockout_threshold": "1", "lockout_duration": "2562047h", "lockout_counter_reset_duration": "2562047h"],
        ])
        await f.fail("bob", times: 1)
        f.clock.advance(seconds: 1e9)
        #expect(await f.login("bob", "pw") == .permissionDenied)
    }
}
