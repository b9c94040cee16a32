import Logging
import Synchronization

/// The server's log level, shared by every log handler so that SIGHUP can change it at runtime.
package final class LogLevelBox: Sendable {
    private let level: Mutex<Logger.Level>

    package init(_ level: Logger.Level) { self.level = Mutex(level) }

    package var current: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }

    /// Parses Vault's level names (`trace debug info warn error`).
    package static func parse(_ text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "trace": .trace
        case "debug": .debug
        case "info", "": .info
        case "notice": .notice
        case "warn", "warning": .warning
        case "err", "error": .error
        default: nil
        }
    }
}

/// A stderr log handler whose threshold follows a `LogLevelBox`.
package struct ReloadableLogHandler: LogHandler {
    private var inner: StreamLogHandler
    private let box: LogLevelBox

    package init(label: String, box: LogLevelBox) {
        self.inner = StreamLogHandler.standardError(label: label)
        self.box = box
        self.inner.logLevel = .trace
    }

    package var logLevel: Logger.Level {
        get { box.current }
        set {}
    }

    package var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    package func log(event: LogEvent) {
        guard event.level >= box.current else { return }
        inner.log(event: event)
    }
}
