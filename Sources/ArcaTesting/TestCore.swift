import ArcaCore
import ArcaCrypto
import ArcaSecretsCubbyhole
import ArcaSecretsKV
import ArcaStorage
import FoundationEssentials
import Logging
import Synchronization

/// A core over in-memory storage for tests, with optional deterministic entropy and clock.
package enum TestCore {
    /// A new, uninitialized core and the backend under it.
    package static func make(
        physical: any PhysicalBackend = InMemoryBackend(), seed: UInt64? = nil, clock: any WallClock = ManualWallClock(),
        seal: (any Seal)? = nil, previousSeal: (any Seal)? = nil, extra: @escaping BackendFactory = { _ in nil }
    ) -> (Core, any PhysicalBackend) {
        let entropy: any EntropySource = seed.map { SeededEntropy(seed: $0) } ?? SystemEntropy()
        var logger = Logger(label: "arca.test")
        logger.logLevel = .critical
        let config = CoreConfiguration(storageType: "inmem", entropy: entropy, clock: clock, logger: logger)
        let engines: BackendFactory = { entry in
            switch entry.type {
            case "kv": KVEngine.make(version: entry.options["version"] ?? "1", now: { clock.now() })
            case "cubbyhole": CubbyholeBackend().router
            default: extra(entry)
            }
        }
        return (
            Core(physical: physical, seal: seal, previousSeal: previousSeal, configuration: config, backends: engines),
            physical
        )
    }

    /// An initialized core (5 shares, threshold 3), unsealed, with its shares and root token.
    package static func unsealed(physical: any PhysicalBackend = InMemoryBackend()) async throws
        -> (core: Core, shares: [[UInt8]], rootToken: String)
    {
        let (core, _) = make(physical: physical)
        let result = try await core.sealManager.initialize(shares: 5, threshold: 3, unsealAfter: true)
        return (core, result.shares, result.rootToken)
    }
}

/// A wall clock that only moves when told to.
package final class ManualWallClock: WallClock {
    private let current: Mutex<Date>

    package init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = Mutex(start) }

    package func now() -> Date { current.withLock { $0 } }

    package func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
