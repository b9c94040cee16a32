import ArcaCore
import ArcaSDK
import ArcaSecretsCubbyhole
import ArcaSecretsDatabase
import ArcaSecretsKV
import FoundationEssentials

/// The one place that imports every engine: mount type → backend.
package enum BuiltinRegistry {
    package static func backend(for entry: MountEntry, now: @escaping @Sendable () -> Date) -> (any Backend)? {
        switch entry.type {
        case "kv", "generic": KVEngine.make(version: entry.options["version"] ?? "1", now: now)
        case "cubbyhole": CubbyholeBackend().router
        case "database": DatabaseEngine.make(now: now)
        default: nil
        }
    }

    /// The factory the core uses, with the core's clock.
    package static func factory(clock: any WallClock) -> BackendFactory {
        { entry in backend(for: entry, now: { clock.now() }) }
    }
}
