public import ArcaSDK
public import FoundationEssentials

/// The transit secrets engine: encryption, signing and HMAC as a service, with keys that never
/// leave the server unless marked exportable.
public enum TransitEngine {
    public static func make(now: @escaping @Sendable () -> Date) -> any Backend {
        TransitBackend(now: now).router
    }
}

/// One mount's engine: its decoded-key cache, write lock and clock, shared by every path.
struct TransitBackend: Sendable {
    let cache = KeyCache()
    let writes = KeyWriteLock()
    let now: @Sendable () -> Date

    var router: PathRouter {
        PathRouter(
            paths: KeyPaths(engine: self).paths + EncryptionPaths(engine: self).paths + SigningPaths(engine: self).paths
                + UtilityPaths(engine: self).paths,
            periodic: { req in try await AutoRotation(engine: self).run(req) },
            cleanup: { [cache] in cache.clear() },
            help: "The transit engine encrypts, signs and computes HMACs with named keys that stay on the server.")
    }

    func policy(_ req: LogicalRequest, _ name: String) async throws -> KeyPolicy? {
        try await cache.policy(name, storage: req.storage)
    }

    func existing(_ req: LogicalRequest, _ name: String) async throws -> KeyPolicy {
        guard let p = try await policy(req, name) else { throw TransitError.badRequest("encryption key not found") }
        return p
    }

    /// Reads, changes and saves one key under the write lock.
    func update(_ req: LogicalRequest, _ name: String, _ change: @Sendable (inout KeyPolicy) throws -> Void) async throws -> KeyPolicy {
        try await writes.run {
            guard var p = try await policy(req, name) else { throw LogicalError.coded(status: 404, message: "no such key \"\(name)\"") }
            try change(&p)
            try await cache.save(p, storage: req.storage)
            return p
        }
    }
}

/// Rotates keys whose `auto_rotate_period` has passed since their latest version was made.
struct AutoRotation {
    let engine: TransitBackend

    func run(_ req: LogicalRequest) async throws {
        let now = engine.now()
        for name in try await req.storage.list(prefix: KeyPolicy.prefix) {
            guard let p = try await engine.policy(req, name), p.autoRotatePeriod > 0,
                let latest = p.versions[p.latestVersion],
                now.timeIntervalSince(latest.creationTime) >= Double(p.autoRotatePeriod)
            else { continue }
            _ = try await engine.update(req, name) { p in try p.rotate(now: now) }
        }
    }
}
