@testable import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Synchronization
import Testing

/// Once no request has arrived for a whole check interval, the core drops its read caches and
/// hands memory back, once per quiet period; the next reads go to storage again.
@Suite struct IdleMemoryReleaseTests {
    @Test("releases after a quiet interval, once per quiet period, never while requests arrive")
    func quietIntervals() async {
        let releases = Atomic(0)
        let activity = ActivityCounter()
        let idle = IdleMemoryRelease(activity: activity) { releases.add(1, ordering: .relaxed) }
        #expect(await idle.check() == false, "no request since start: nothing to give back")
        activity.note()
        #expect(await idle.check() == false, "a request arrived in this interval")
        #expect(await idle.check() == true, "a whole interval without one")
        #expect(await idle.check() == false, "already released for this quiet period")
        for _ in 0..<3 {
            activity.note()
            #expect(await idle.check() == false)
        }
        #expect(await idle.check() == true)
        #expect(releases.load(ordering: .relaxed) == 2)
    }

    @Test("after unseal the first quiet interval releases what unsealing filled")
    func firstIntervalAfterStart() async {
        let releases = Atomic(0)
        let activity = ActivityCounter()
        let idle = IdleMemoryRelease(activity: activity) { releases.add(1, ordering: .relaxed) }
        idle.start()
        idle.stop()
        #expect(await idle.check() == true)
        #expect(await idle.check() == false)
        #expect(releases.load(ordering: .relaxed) == 1)
    }

    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String, _ data: [String: JSONValue] = [:])
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(operation: op, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
    }

    @Test("a release empties the plaintext and decoded caches: the next read goes to storage and still answers")
    func coreCachesDropped() async throws {
        let physical = BarrierReadCacheTests.CountingBackend()
        let (core, _, root) = try await TestCore.unsealed(physical: physical)
        core.idleRelease.stop()  // the test runs the checks itself
        _ = try await call(core, .update, "sys/mounts/secret", token: root, ["type": "kv", "options": ["version": "2"]])
        _ = try await call(core, .update, "secret/data/app", token: root, ["data": ["password": "s3cret"]])
        _ = try await call(core, .read, "secret/data/app", token: root)
        let warm = physical.readCount
        let cached = try await call(core, .read, "secret/data/app", token: root)
        #expect(physical.readCount == warm, "the token, the metadata and the version come from the caches")

        #expect(await core.idleRelease.check() == false, "requests arrived since the last check")
        #expect(await core.idleRelease.check() == true)
        #expect(core.barrier.cachedEntryCount == 0)

        let again = try await call(core, .read, "secret/data/app", token: root)
        #expect(physical.readCount > warm, "the caches were emptied, so the read went to storage")
        #expect(again?.data?["data"] == ["password": "s3cret"])
        #expect(again?.data?["data"] == cached?.data?["data"])
    }
}

extension IdleMemoryReleaseTests {
    @Test("an expiry pass that revokes something counts as activity; one with nothing due does not")
    func expiryIsActivity() async throws {
        let f = try await LeaseFixture.make()
        _ = try #require(try await f.call(.read, "leases/creds/app")?.secret)
        let before = f.core.activity.value
        await f.core.expiration.tick()
        #expect(f.core.activity.value == before, "nothing was due")
        f.clock.advance(seconds: 11)
        await f.core.expiration.tick()
        #expect(try await f.revoked().count == 1)
        #expect(f.core.activity.value > before)
    }
}
