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
///
/// It keeps its metadata itself and hands it to the stream handler only when it logs: the stream
/// handler renders its metadata text on every change, and Hummingbird sets a request id on each
/// request's logger, so that rendering ran once per request even with nothing logged.
package struct ReloadableLogHandler: LogHandler {
    private let inner: StreamLogHandler
    private let box: LogLevelBox
    private var ownMetadata: Logger.Metadata = [:]

    package init(label: String, box: LogLevelBox) {
        var inner = StreamLogHandler.standardError(label: label)
        inner.logLevel = .trace
        self.inner = inner
        self.box = box
    }

    package var logLevel: Logger.Level {
        get { box.current }
        set {}
    }

    package var metadata: Logger.Metadata {
        get { ownMetadata }
        set { ownMetadata = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { ownMetadata[key] }
        set { ownMetadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        guard event.level >= box.current else { return }
        var handler = inner
        if !ownMetadata.isEmpty { handler.metadata = ownMetadata }
        handler.log(event: event)
    }
}
