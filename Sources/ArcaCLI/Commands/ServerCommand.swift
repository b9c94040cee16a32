import ArcaServer
import ArgumentParser

/// `arca server`: run the server.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run an Arca server (use -dev for an in-memory development server).")

    @Option(name: .customLong("config", withSingleDash: true), help: "A configuration file or directory; repeatable.")
    var config: [String] = []

    @Flag(name: .customLong("dev", withSingleDash: true), help: "Run in development mode: in memory, unsealed.")
    var dev = false

    @Option(name: .customLong("dev-root-token-id", withSingleDash: true), help: "Root token id in dev mode.")
    var devRootTokenID: String?

    @Option(name: .customLong("dev-listen-address", withSingleDash: true), help: "Listen address in dev mode.")
    var devListenAddress: String?

    @Option(name: .customLong("log-level", withSingleDash: true), help: "trace, debug, info, warn or error.")
    var logLevel: String?

    func run() async throws {
        let options = ServerOptions(
            configPaths: config, dev: dev, devRootTokenID: devRootTokenID, devListenAddress: devListenAddress,
            logLevel: logLevel, tasksOnEventLoops: GlobalExecutor.isInstalled)
        let code = await ServerRunner.run(options)
        if code != 0 { throw ExitCode(code) }
    }
}
