import Logging
import ServiceLifecycle
import UnixSignals

/// On SIGHUP, reopens the audit devices' files and connections (log rotation), then re-reads the
/// configuration files and applies what can change at runtime: the log level, and each TLS
/// listener's certificate and key (new connections get the new certificate).
struct ReloadOnHangup: Service {
    let options: ServerOptions
    let levelBox: LogLevelBox
    /// One entry per listener in configuration order; `nil` for plain-HTTP listeners.
    let tlsBoxes: [TLSContextBox?]
    /// Reopens the audit devices; runs even when the configuration cannot be re-read.
    let reopenAudit: @Sendable () async -> Void
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reopenAudit()
            do {
                let config = try ServerRunner.loadConfig(options)
                if let level = LogLevelBox.parse(config.logLevel) {
                    levelBox.current = level
                    logger.info("reloaded configuration", metadata: ["log_level": "\(config.logLevel)"])
                }
                for (listener, box) in zip(config.listeners, tlsBoxes) {
                    guard let box, !listener.tlsDisable else { continue }
                    try box.replace(with: TLSSettings.configuration(for: listener))
                    logger.info("reloaded TLS certificate", metadata: ["listener": "\(listener.address)"])
                }
            } catch {
                logger.error("reload failed; keeping the running configuration", metadata: ["error": "\(error)"])
            }
        }
    }
}
