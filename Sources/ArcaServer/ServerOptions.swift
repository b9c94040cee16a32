/// What `arca server` was asked to do, as parsed by the CLI.
package struct ServerOptions: Sendable, Equatable {
    /// `-config` files or directories, in the order given.
    package var configPaths: [String]
    /// `-dev`: in-memory, initialized, unsealed.
    package var dev: Bool
    /// `-dev-root-token-id`.
    package var devRootTokenID: String?
    /// `-dev-listen-address` (default `127.0.0.1:8200`).
    package var devListenAddress: String?
    /// `-log-level` overriding the configuration.
    package var logLevel: String?
    /// Whether Swift tasks run on the event loops (`GlobalExecutor`); logged at start.
    package var tasksOnEventLoops: Bool

    package init(
        configPaths: [String] = [], dev: Bool = false, devRootTokenID: String? = nil,
        devListenAddress: String? = nil, logLevel: String? = nil,
        tasksOnEventLoops: Bool = false
    ) {
        self.configPaths = configPaths
        self.dev = dev
        self.devRootTokenID = devRootTokenID
        self.devListenAddress = devListenAddress
        self.logLevel = logLevel
        self.tasksOnEventLoops = tasksOnEventLoops
    }
}
