import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaWire
import FoundationEssentials

/// The thin façade over the core's owners: barrier, seal manager, token store, cluster identity.
/// It holds no state of its own; each owner guards its own.
package final class Core: Sendable {
    package let barrier: Barrier
    package let sealManager: SealManager
    package let tokens: TokenStore
    package let identity: ClusterIdentity
    package let mounts: MountManager
    package let policies: PolicyStore
    package let expiration: ExpirationManager
    package let periodic: PeriodicRunner
    package let activity: ActivityCounter
    package let idleRelease: IdleMemoryRelease
    let wrapper: ResponseWrapper
    let loginIssuer: LoginIssuer
    package let audit: AuditBroker
    package let configuration: CoreConfiguration
    /// Failed-login counts and locks of auth method aliases (`Lockout/`).
    package let lockout: UserLockout
    /// Failed `sys/unseal` submissions by client.
    package let unsealThrottle: UnsealThrottle

    /// - Parameter backends: makes the backend for a mount entry (the composition root's registry).
    package init(
        physical: any PhysicalBackend, seal: (any Seal)? = nil, previousSeal: (any Seal)? = nil,
        configuration: CoreConfiguration,
        backends: @escaping BackendFactory = { _ in nil }
    ) {
        self.configuration = configuration
        let barrier = Barrier(physical: physical, entropy: configuration.entropy, clock: configuration.clock)
        let tokens = TokenStore(
            storage: barrier, entropy: configuration.entropy, clock: configuration.clock,
            batch: BatchTokenCodec(barrier: barrier))
        let identity = ClusterIdentity(configuredName: configuration.clusterName, entropy: configuration.entropy)
        let policies = PolicyStore(storage: barrier)
        let activity = ActivityCounter()
        let expiration = ExpirationManager(barrier: barrier, tokens: tokens, configuration: configuration, activity: activity)
        let audit = AuditBroker(
            storage: barrier, entropy: configuration.entropy, clock: configuration.clock, logger: configuration.logger)
        let lockout = UserLockout(
            storage: barrier, clock: configuration.clock, defaults: configuration.userLockout, logger: configuration.logger)
        let tokenBackend = TokenBackend(
            tokens: tokens, policies: policies, maxTTL: configuration.maxLeaseTTL, defaultTTL: configuration.defaultLeaseTTL)
        let mounts = MountManager(
            barrier: barrier, factory: backends, entropy: configuration.entropy, systemTTLs: configuration.systemTTLs,
            builtins: { manager in
                [
                    .init(entry: MountManager.systemEntry,
                          backend: SystemBackend(
                        mounts: manager, policies: policies, tokens: tokens, expiration: expiration,
                        wrapper: ResponseWrapper(tokens: tokens, mounts: manager, storage: barrier), audit: audit,
                        lockout: lockout
                    ).router),
                    .init(entry: MountManager.tokenEntry, backend: tokenBackend.router),
                ]
            })
        let periodic = PeriodicRunner(mounts: mounts, barrier: barrier, configuration: configuration)
        let idleRelease = IdleMemoryRelease(activity: activity) {
            barrier.dropCaches()
            tokens.dropDecoded()
            mounts.releaseCaches()
            await barrier.releaseMemory()
            FreeMemory.release()
        }
        let lifecycle = SealLifecycle(
            afterUnseal: {
                try await tokens.load()
                try await identity.load(from: barrier)
                try await policies.load()
                try await mounts.load()
                try await audit.load()
                expiration.start()
                periodic.start()
                idleRelease.start()
            },
            beforeSeal: {
                await audit.unload()
                idleRelease.stop()
                periodic.stop()
                expiration.stop()
                tokens.unload()
                identity.unload()
                await mounts.unload()
                policies.unload()
            },
            generateRootToken: { id in try await tokens.createRoot(id: id) })
        self.barrier = barrier
        self.tokens = tokens
        self.identity = identity
        self.mounts = mounts
        self.policies = policies
        self.expiration = expiration
        self.periodic = periodic
        self.activity = activity
        self.idleRelease = idleRelease
        self.wrapper = ResponseWrapper(tokens: tokens, mounts: mounts, storage: barrier)
        self.loginIssuer = LoginIssuer(
            tokens: tokens,
            aliases: AliasStore(storage: barrier, entropy: configuration.entropy, clock: configuration.clock),
            configuration: configuration)
        expiration.attach(mounts: mounts)
        tokens.observe(with: TokenLifecycleHooks(expiration: expiration, mounts: mounts, storage: barrier))
        self.audit = audit
        self.lockout = lockout
        self.unsealThrottle = UnsealThrottle(clock: configuration.clock)
        self.sealManager = SealManager(
            physical: physical, barrier: barrier, seal: seal ?? ShamirSeal(entropy: configuration.entropy),
            previousSeal: previousSeal,
            entropy: configuration.entropy, lifecycle: lifecycle, logger: configuration.logger)
    }

    package var isSealed: Bool { barrier.isSealed }

    /// `sys/seal-status` as the wire shows it.
    package func sealStatus() async throws -> SealStatus {
        let s = try await sealManager.state()
        let id = s.sealed ? nil : identity.value
        return SealStatus(
            type: s.type, initialized: s.initialized, sealed: s.sealed, threshold: s.threshold, shares: s.shares,
            progress: s.progress, nonce: s.nonce, version: ArcaVersion.version, buildDate: ArcaVersion.buildDate,
            migration: s.migration, clusterName: id?.name, clusterID: id?.id, recoverySeal: s.recoverySeal,
            storageType: configuration.storageType, recoverySealType: s.recoverySeal ? "shamir" : nil,
            sealError: s.unsealError)
    }

    /// `sys/health` as the wire shows it (the status code is chosen by the HTTP layer).
    package func health() async throws -> HealthStatus {
        let s = try await sealManager.state()
        let id = s.sealed ? nil : identity.value
        let mode = s.initialized && !s.sealed ? "disabled" : "unknown"
        return HealthStatus(
            initialized: s.initialized, sealed: s.sealed, standby: !s.initialized || s.sealed, replicationPerformanceMode: mode,
            replicationDRMode: mode, serverTimeUTC: Int64(configuration.clock.now().timeIntervalSince1970),
            version: ArcaVersion.version, clusterName: id?.name, clusterID: id?.id)
    }
}
