import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct ExpirationTests {
    @Test("a leased secret is revoked when its TTL passes, not before")
    func expiresOnTime() async throws {
        let f = try await LeaseFixture.make()
        let r = try #require(try await f.call(.read, "leases/creds/app"))
        let lease = try #require(r.secret)
        #expect(lease.leaseID.hasPrefix("leases/creds/app/"))
        #expect(lease.ttl == 10)
        #expect(r.envelope(requestID: "x").leaseDuration == 10)
        #expect(try await f.core.expiration.lookup(lease.leaseID) != nil)
        f.clock.advance(seconds: 9)
        await f.core.expiration.tick()
        #expect(try await f.revoked().isEmpty)
        f.clock.advance(seconds: 1.5)
        await f.core.expiration.tick()
        #expect(try await f.revoked().count == 1)
        #expect(try await f.issued().isEmpty)
        #expect(try await f.core.expiration.lookup(lease.leaseID) == nil)
    }

    @Test("leases survive a restart and are revoked on time afterwards; overdue ones at once")
    func restart() async throws {
        let f = try await LeaseFixture.make()
        let first = try #require(try await f.call(.read, "leases/creds/a")?.secret)
        _ = try await f.call(.update, "leases/config", ["ttl": "20s", "max_ttl": "30s"])
        let second = try #require(try await f.call(.read, "leases/creds/b")?.secret)
        await f.core.sealManager.sealNow()
        f.clock.advance(seconds: 15)  // `first` is overdue while the server is down
        let g = try await f.restarted()
        try await waitForRestore(g.core)
        await g.core.expiration.tick()
        #expect(try await g.core.expiration.lookup(first.leaseID) == nil)
        #expect(try await g.core.expiration.lookup(second.leaseID) != nil)
        #expect(try await g.revoked().count == 1)
        f.clock.advance(seconds: 6)
        await g.core.expiration.tick()
        #expect(try await g.revoked().count == 2)
    }

    func waitForRestore(_ core: Core) async throws {
        for _ in 0..<500 where !core.expiration.restore.finished { try await Task.sleep(for: .milliseconds(10)) }
        #expect(core.expiration.restore.finished)
    }

    @Test("revoke-prefix revokes exactly the leases below the prefix")
    func revokePrefix() async throws {
        let f = try await LeaseFixture.make()
        let a1 = try #require(try await f.call(.read, "leases/creds/a")?.secret)
        let a2 = try #require(try await f.call(.read, "leases/creds/a")?.secret)
        let ab = try #require(try await f.call(.read, "leases/creds/ab")?.secret)
        let b = try #require(try await f.call(.read, "leases/creds/b")?.secret)
        try await f.call(.update, "sys/leases/revoke-prefix/leases/creds/a")
        for id in [a1.leaseID, a2.leaseID] { #expect(try await f.core.expiration.lookup(id) == nil) }
        for id in [ab.leaseID, b.leaseID] { #expect(try await f.core.expiration.lookup(id) != nil) }
        #expect(try await f.revoked().count == 2)
        let keys = try #require(try await f.call(.list, "sys/leases/lookup/leases/creds/")?.data?["keys"])
        #expect(keys == ["ab/", "b/"])
    }

    @Test("renewal extends the lease but never past its max TTL, and says so")
    func renewWithinMax() async throws {
        let f = try await LeaseFixture.make()
        let lease = try #require(try await f.call(.read, "leases/creds/app")?.secret)
        f.clock.advance(seconds: 5)
        let renewed = try #require(try await f.call(.update, "sys/leases/renew", ["lease_id": .string(lease.leaseID), "increment": 8]))
        #expect(renewed.secret?.ttl == 8)
        #expect(renewed.secret?.leaseID == lease.leaseID)
        f.clock.advance(seconds: 5)
        let capped = try #require(try await f.call(.update, "sys/renew/" + lease.leaseID, ["increment": "1h"]))
        #expect(capped.secret?.ttl == 20)  // issued at 0 with max 30; now 10
        #expect(capped.warnings.contains { $0.contains("exceeded the effective max_ttl") })
        let info = try #require(try await f.call(.update, "sys/leases/lookup", ["lease_id": .string(lease.leaseID)])?.data)
        #expect(info["ttl"] == 20)
        #expect(info["last_renewal"]?.stringValue != nil)
        f.clock.advance(seconds: 20.5)
        await f.core.expiration.tick()
        #expect(try await f.revoked().count == 1)
    }

    @Test("TTLs are clamped: requested ≤ backend max ≤ mount max ≤ system max")
    func clamping() async throws {
        let f = try await LeaseFixture.make()
        _ = try await f.call(.update, "leases/config", ["ttl": "2h", "max_ttl": "3h"])
        _ = try await f.call(.update, "sys/mounts/leases/tune", ["max_lease_ttl": "1h", "default_lease_ttl": "10m"])
        let r = try #require(try await f.call(.read, "leases/creds/x"))
        #expect(r.secret?.ttl == 3600)
        #expect(r.warnings.contains { $0.contains("capped") })
        _ = try await f.call(.update, "leases/config", ["max_ttl": "3h"])  // no ttl: the mount default
        #expect(try await f.call(.read, "leases/creds/y")?.secret?.ttl == 600)
    }

    @Test("a failing revoke is retried with backoff, then left irrevocable; revoke-force removes it")
    func irrevocable() async throws {
        let f = try await LeaseFixture.make()
        let lease = try #require(try await f.call(.read, "leases/creds/app")?.secret)
        _ = try await f.call(.update, "leases/config", ["fail_revoke": true])
        f.clock.advance(seconds: 11)
        for _ in 0..<ExpirationManager.maxRevokeAttempts {
            await f.core.expiration.tick()
            f.clock.advance(seconds: 61)
        }
        let entry = try #require(try await f.core.expiration.lookup(lease.leaseID))
        #expect(entry.isIrrevocable)
        #expect(entry.revokeError.contains("refuses"))
        let listed = try #require(try await f.call(.read, "sys/leases", ["type": "irrevocable"])?.data)
        #expect(listed["lease_count"] == 1)
        await #expect(throws: LogicalError.self) { try await f.call(.update, "sys/leases/revoke", ["lease_id": .string(lease.leaseID)]) }
        try await f.call(.update, "sys/leases/revoke-force/leases/")
        #expect(try await f.core.expiration.lookup(lease.leaseID) == nil)
    }

    @Test("revoking a token revokes the secrets it obtained")
    func tokenRevocationRevokesSecrets() async throws {
        let f = try await LeaseFixture.make()
        try await f.core.policies.put(name: "creds", text: #"path "leases/creds/*" { capabilities = ["read"] }"#)
        let t = try await f.createToken(["policies": ["creds"], "ttl": "1h"])
        let lease = try #require(try await f.call(.read, "leases/creds/app", token: t)?.secret)
        try await f.call(.update, "auth/token/revoke", ["token": .string(t)])
        #expect(try await f.core.expiration.lookup(lease.leaseID) == nil)
        #expect(try await f.revoked().count == 1)
    }

    @Test("a token's expiry revokes its children, its secrets and its cubbyhole")
    func tokenExpiry() async throws {
        let f = try await LeaseFixture.make()
        try await f.core.policies.put(
            name: "p", text: #"path "leases/creds/*" { capabilities = ["read"] } path "auth/token/create" { capabilities = ["update"] }"#)
        let parent = try await f.createToken(["policies": ["p"], "ttl": "60s"])
        let child = try await f.createToken(["policies": ["p"], "ttl": "30m"], token: parent)
        _ = try await f.call(.update, "cubbyhole/note", ["v": "private"], token: parent)
        _ = try await f.call(.update, "cubbyhole/note", ["v": "child's"], token: child)
        _ = try await f.call(.read, "leases/creds/app", token: child)
        let keys = try #require(try await f.call(.list, "sys/leases/lookup/auth/token/create/")?.data?["keys"]?.arrayValue)
        #expect(keys.count == 2)
        f.clock.advance(seconds: 61)
        await f.core.expiration.tick()
        #expect(try await f.core.tokens.lookup(parent) == nil)
        #expect(try await f.core.tokens.lookup(child) == nil)
        #expect(try await f.revoked().count == 1)
        let prefix = try #require(f.core.mounts.cubbyholePrefix)
        #expect(try await f.core.barrier.list(prefix: prefix).isEmpty)
        #expect(try await f.call(.list, "sys/leases/lookup/auth/token/create/") == nil)
    }

    @Test("renewing a token moves its lease; a renewed token outlives its first TTL")
    func tokenRenewal() async throws {
        let f = try await LeaseFixture.make()
        let t = try await f.createToken(["policies": ["default"], "ttl": "60s", "explicit_max_ttl": "200s"])
        f.clock.advance(seconds: 50)
        _ = try await f.call(.update, "auth/token/renew-self", ["increment": "100s"], token: t)
        f.clock.advance(seconds: 20)
        await f.core.expiration.tick()
        #expect(try await f.core.tokens.lookup(t) != nil)
        f.clock.advance(seconds: 90)
        await f.core.expiration.tick()
        #expect(try await f.core.tokens.lookup(t) == nil)
    }

    @Test("sys/leases errors: missing and unknown lease ids, tokens via the lease endpoint")
    func errors() async throws {
        let f = try await LeaseFixture.make()
        await #expect(throws: LogicalError.invalidRequest("lease_id must be specified")) { try await f.call(.update, "sys/leases/lookup") }
        await #expect(throws: LogicalError.invalidRequest("invalid lease")) {
            try await f.call(.update, "sys/leases/lookup", ["lease_id": "nope/x"])
        }
        await #expect(throws: LogicalError.invalidRequest("lease not found")) {
            try await f.call(.update, "sys/leases/renew", ["lease_id": "nope/x"])
        }
        #expect(try await f.call(.update, "sys/leases/revoke", ["lease_id": "nope/x"]) == nil)
        _ = try await f.createToken(["policies": ["default"], "ttl": "1h"])
        let id = try #require(try await f.call(.list, "sys/leases/lookup/auth/token/create/")?.data?["keys"]?.arrayValue?.first?.stringValue)
        await #expect(throws: LogicalError.self) {
            try await f.call(.update, "sys/leases/renew", ["lease_id": .string("auth/token/create/" + id)])
        }
        await #expect(throws: LogicalError.invalidRequest("lease not found")) {
            try await f.call(.update, "sys/leases/renew", ["lease_id": "../../core/keyring"])
        }
    }

    @Test("listing and revoke-prefix need sudo")
    func sudo() async throws {
        let f = try await LeaseFixture.make()
        try await f.core.policies.put(name: "ops", text: #"path "sys/leases/*" { capabilities = ["update", "list"] }"#)
        let t = try await f.createToken(["policies": ["ops"]])
        await #expect(throws: LogicalError.self) { try await f.call(.list, "sys/leases/lookup/leases/", token: t) }
        await #expect(throws: LogicalError.self) { try await f.call(.update, "sys/leases/revoke-prefix/leases", token: t) }
    }

    @Test("unmounting revokes the mount's leases first")
    func unmount() async throws {
        let f = try await LeaseFixture.make()
        let lease = try #require(try await f.call(.read, "leases/creds/app")?.secret)
        try await f.call(.delete, "sys/mounts/leases")
        #expect(try await f.core.expiration.lookup(lease.leaseID) == nil)
    }

    @Test("restoring many leases runs beside unseal, not before it")
    func backgroundRestore() async throws {
        let f = try await LeaseFixture.make()
        for _ in 0..<300 { _ = try await f.call(.read, "leases/creds/bulk") }
        await f.core.sealManager.sealNow()
        let g = try await f.restarted()
        #expect(!g.core.isSealed)
        try await waitForRestore(g.core)
        #expect(g.core.expiration.restore.restored == 300)
        #expect(g.core.expiration.scheduledCount == 300)
    }

    @Test("the timer revokes on its own with the real clock")
    func realTimer() async throws {
        let (core, _) = TestCore.make(clock: SystemWallClock(), extra: LeaseFixture.engines)
        let root = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true).rootToken
        let h = RequestHandler(core: core)
        _ = try await h.handle(operation: .update, path: "sys/mounts/leases", data: ["type": "leasetest"], token: root, requestID: "1", remoteAddress: nil)
        _ = try await h.handle(operation: .update, path: "leases/config", data: ["ttl": 1], token: root, requestID: "2", remoteAddress: nil)
        let lease = try #require(try await h.handle(operation: .read, path: "leases/creds/a", data: [:], token: root, requestID: "3", remoteAddress: nil)?.secret)
        var gone = false
        for _ in 0..<60 where !gone {
            try await Task.sleep(for: .milliseconds(100))
            gone = try await core.expiration.lookup(lease.leaseID) == nil
        }
        #expect(gone)
        await core.sealManager.sealNow()
    }

    @Test("a renewal increment is bounded and never negative, with OpenBao's texts")
    func renewIncrementBounds() async throws {
        let f = try await LeaseFixture.make()
        let lease = try #require(try await f.call(.read, "leases/creds/app")?.secret)
        let prefix = "Field validation failed: error converting input for field \"increment\": "
        // Before the fix the first was taken as 292 billion years and the second as no increment.
        for (increment, reason) in [
            (JSONValue.number(JSONNumber(9_223_372_036_854_775_000 as Int64)), DurationParser.overflowMessage),
            (-1, "cannot provide negative value '-1'"), ("-5s", "cannot provide negative value '-5'"),
            ("garbage", "time: invalid duration \"garbage\""),
        ] {
            await #expect(throws: LogicalError.invalidRequest(prefix + reason)) {
                try await f.call(.update, "sys/leases/renew", ["lease_id": .string(lease.leaseID), "increment": increment])
            }
        }
        // The longest increment is capped by the lease's max TTL.
        let capped = try #require(
            try await f.call(.update, "sys/leases/renew", ["lease_id": .string(lease.leaseID), "increment": 9_223_372_036]))
        #expect(capped.secret?.ttl == 30)
        #expect(capped.warnings.contains { $0.contains("exceeded the effective max_ttl") })
    }
}
