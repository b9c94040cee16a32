import Logging
import ServiceLifecycle
import UnixSignals

/// On SIGHUP, re-reads the configuration files and applies what can change at runtime: the log
/// level. (Listener TLS certificates are read at start; reloading them is not supported yet.)
struct ReloadOnHangup: Service {
    let options: ServerOptions
    let levelBox: LogLevelBox
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let config = try ServerRunner.loadConfig(options)
                if let level = LogLevelBox.parse(config.logLevel) {
                    levelBox.current = level
                    logger.info("reloaded configuration", metadata: ["log_level": "\(config.logLevel)"])
                }
            } catch {
                logger.error("reload failed; keeping the running configuration", metadata: ["error": "\(error)"])
            }
        }
    }
}
