import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import FoundationEssentials

/// A core with the leasing test engine mounted at `leases/`, on a manual clock.
struct LeaseFixture {
    let core: Core
    let clock: ManualWallClock
    let physical: any PhysicalBackend
    let root: String
    let unsealKey: String

    static func make(physical: any PhysicalBackend = InMemoryBackend(), clock: ManualWallClock = ManualWallClock()) async throws
        -> LeaseFixture
    {
        let (core, _) = TestCore.make(physical: physical, clock: clock, extra: Self.engines)
        let result = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: true)
        let fixture = LeaseFixture(
            core: core, clock: clock, physical: physical, root: result.rootToken,
            unsealKey: Base64.encode(result.shares[0]))
        _ = try await fixture.call(.update, "sys/mounts/leases", ["type": .string(LeasingTestBackend.type)])
        _ = try await fixture.call(.update, "leases/config", ["ttl": "10s", "max_ttl": "30s"])
        return fixture
    }

    static let engines: BackendFactory = { $0.type == LeasingTestBackend.type ? LeasingTestBackend().router : nil }

    /// The same storage opened by a new core and unsealed: a restart.
    func restarted() async throws -> LeaseFixture {
        let (core, _) = TestCore.make(physical: physical, clock: clock, extra: Self.engines)
        _ = try await core.sealManager.submitUnsealKey(unsealKey)
        return LeaseFixture(core: core, clock: clock, physical: physical, root: root, unsealKey: unsealKey)
    }

    @discardableResult
    func call(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], token: String? = nil, wrapTTL: Int = 0)
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(
            operation: op, path: path, data: data, token: token ?? root, requestID: "req-\(UInt32.random(in: 0...UInt32.max))",
            remoteAddress: nil, wrapTTL: wrapTTL)
    }

    /// Names the engine still holds, and names it has revoked.
    func issued() async throws -> [String] { try await call(.list, "leases/issued/")?.data?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    func revoked() async throws -> [String] { try await call(.list, "leases/revoked/")?.data?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    func createToken(_ data: [String: JSONValue], token: String? = nil) async throws -> String {
        let r = try await call(.update, "auth/token/create", data, token: token)
        guard let id = r?.auth?["client_token"]?.stringValue else { throw LogicalError.invalidRequest("no token") }
        return id
    }
}

