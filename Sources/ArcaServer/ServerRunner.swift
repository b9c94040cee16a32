import ArcaCore
import ArcaStorage
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// Runs an Arca server until it is told to stop.
package enum ServerRunner {
    /// Starts the server described by `options` and returns its exit code once it has shut down.
    /// Configuration errors are printed to standard error and give exit code 1.
    package static func run(_ options: ServerOptions) async -> Int32 {
        do {
            try await runThrowing(options)
            return 0
        } catch {
            printError("Error: \(error)")
            return 1
        }
    }

    static func printError(_ text: String) {
        StandardStreams.writeError(text + "\n")
    }

    static func loadConfig(_ options: ServerOptions) throws -> ServerConfig {
        var config = options.configPaths.isEmpty ? ServerConfig() : try ConfigLoader.load(paths: options.configPaths)
        if options.dev {
            var listener = ListenerConfig()
            listener.address = options.devListenAddress ?? DevMode.defaultAddress
            listener.tlsDisable = true
            config.listeners = [listener]
            config.storage = StorageConfig(type: "inmem", path: nil)
            config.disableMlock = true
        }
        if let level = options.logLevel { config.logLevel = level }
        guard LogLevelBox.parse(config.logLevel) != nil else {
            throw ConfigError(message: "unknown log level '\(config.logLevel)'")
        }
        guard !config.listeners.isEmpty else { throw ConfigError(message: "no listener is configured") }
        guard config.storage != nil else { throw ConfigError(message: "a storage stanza is required") }
        try SealSelection.validate(config.seals)
        try AuditSetup.validate(config)
        return config
    }

    static func runThrowing(_ options: ServerOptions) async throws {
        if options.configPaths.isEmpty && !options.dev {
            throw ConfigError(message: "at least one config path must be specified with -config, or use -dev")
        }
        ProcessTimeZone.pinDefaultToGMT()
        let config = try loadConfig(options)
        let levelBox = LogLevelBox(LogLevelBox.parse(config.logLevel) ?? .info)
        LoggingSystem.bootstrap { label in ReloadableLogHandler(label: label, box: levelBox) }
        let logger = Logger(label: "arca")
        if options.tasksOnEventLoops {
            logger.info("swift tasks run on the event loops")
        } else {
            logger.notice("swift tasks run on the default executor (more thread switches per request)")
        }
        if !config.disableMlock { try MemoryLock.lockAll() }
        if !config.disableCoreDumpProtection { try CoreDumps.disable() }

        let physical = try await StorageFactory.open(config.storage!)
        var coreConfig = CoreConfiguration(
            storageType: config.storage!.type, clusterName: config.clusterName, apiAddress: config.apiAddress,
            logger: Logger(label: "arca.core"))
        coreConfig.defaultLeaseTTL = config.defaultLeaseTTL
        coreConfig.maxLeaseTTL = config.maxLeaseTTL
        coreConfig.userLockout = config.userLockoutDefaults(environment: ProcessEnvironment.current)
        let core: Core
        var devBanner: String?
        // Auth methods' outbound calls (JWKS, TokenReview); a service, so it shuts down with the server.
        let outbound = AsyncHTTPOutboundClient()
        if options.dev {
            let dev = try await DevMode.start(
                rootTokenID: options.devRootTokenID, configuration: coreConfig, http: outbound,
                audit: AuditSetup.settings(config, dev: true))
            core = dev.core
            devBanner = DevMode.banner(
                address: config.listeners[0].address, unsealKey: dev.unsealKey, rootToken: dev.rootToken)
        } else {
            let seals = try SealSelection.make(
                config.seals, entropy: coreConfig.entropy, http: outbound, environment: ProcessEnvironment.current)
            core = Core(
                physical: physical, seal: seals.active, previousSeal: seals.previous, configuration: coreConfig,
                backends: BuiltinRegistry.factory(clock: coreConfig.clock, http: outbound))
            // Before anything can unseal it: the declared audit devices are created at unseal.
            await core.audit.configure(AuditSetup.settings(config, dev: false))
        }

        var services: [any Service] = [outbound]

        var tlsBoxes: [TLSContextBox?] = []
        for listener in config.listeners {
            let box = listener.tlsDisable ? nil : try TLSContextBox(TLSSettings.configuration(for: listener))
            tlsBoxes.append(box)
            services.append(try HTTPListener.application(core: core, listener: listener, tls: box, logger: logger))
        }
        services.append(
            ReloadOnHangup(
                options: options, levelBox: levelBox, tlsBoxes: tlsBoxes, reopenAudit: { await core.audit.reload() },
                logger: logger))
        print(Banner.configuration(config, storage: config.storage!.type, seal: options.dev ? "shamir" : SealSelection.describe(config.seals)))
        if let devBanner { print(devBanner) }
        print("==> Arca server started! Log data will stream in below:\n")
        StandardStreams.flushOutput()

        // Ends once unsealed; that must not stop the server.
        let autoUnseal: [ServiceGroupConfiguration.ServiceConfiguration] =
            options.dev ? [] : [.init(service: AutoUnsealService(manager: core.sealManager), successTerminationBehavior: .ignore)]
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) } + autoUnseal,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await core.sealManager.sealNow()
        if let closable = physical as? any ClosableBackend { try await closable.close() }
        logger.info("shutdown complete")
    }
}
