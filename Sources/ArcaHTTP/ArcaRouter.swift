import ArcaCore
import Hummingbird

/// Assembles the HTTP routes: the sys endpoints that work while sealed, the keyring and rekey
/// endpoints, and the `/v1/**` catch-all. `limits` gives the listener's request size and
/// duration limits (its connection limits are the channel's, `ArcaHTTPChannel`).
package enum ArcaRouter {
    package static func make(core: Core, limits: ListenerLimits = ListenerLimits()) -> Router<ArcaRequestContext> {
        let router = Router(context: ArcaRequestContext.self)
        router.add(middleware: VaultErrorMiddleware())
        if limits.maxRequestDuration > .zero {
            router.add(middleware: RequestDeadlineMiddleware(limit: .nanoseconds(limits.maxRequestDuration.nanoseconds)))
        }
        router.add(middleware: RequestSizeMiddleware(limit: limits.maxRequestSize))
        let seal = SealEndpoints(core: core)
        let keyring = KeyringEndpoints(core: core)
        let rekey = RekeyEndpoints(core: core)
        InitEndpoint(core: core).handlers.register("/v1/sys/init", on: router)
        seal.sealStatus.register("/v1/sys/seal-status", on: router)
        seal.unseal.register("/v1/sys/unseal", on: router)
        seal.seal.register("/v1/sys/seal", on: router)
        HealthEndpoint(core: core).handlers.register("/v1/sys/health", on: router)
        LeaderEndpoint(core: core).handlers.register("/v1/sys/leader", on: router)
        keyring.keyStatus.register("/v1/sys/key-status", on: router)
        keyring.rotate.register("/v1/sys/rotate", on: router)
        // OpenBao 2.x's CLI rotates through the newer path.
        keyring.rotate.register("/v1/sys/rotate/keyring", on: router)
        rekey.initialize.register("/v1/sys/rekey/init", on: router)
        rekey.update.register("/v1/sys/rekey/update", on: router)
        let rotation = RootRotationEndpoints(core: core)
        rotation.initialize.register("/v1/sys/rotate/root/init", on: router)
        rotation.update.register("/v1/sys/rotate/root/update", on: router)
        LogicalFallback(core: core).handlers.register("/v1/**", on: router)
        return router
    }
}
