@testable import ArcaServer
import Logging
import Testing

/// The server's log handler: its threshold follows the shared level box, and a logger's metadata
/// (Hummingbird's per-request id) is kept by the handler itself.
@Suite struct ReloadableLogHandlerTests {
    @Test("metadata set on a logger reads back, per logger copy")
    func metadata() {
        let box = LogLevelBox(.info)
        var logger = Logger(label: "t") { ReloadableLogHandler(label: $0, box: box) }
        logger[metadataKey: "hb.request.id"] = "abc"
        var copy = logger
        copy[metadataKey: "hb.request.id"] = "def"
        copy[metadataKey: "other"] = "x"
        #expect(logger[metadataKey: "hb.request.id"] == "abc")
        #expect(copy[metadataKey: "hb.request.id"] == "def")
        #expect(logger.handler.metadata.count == 1 && copy.handler.metadata.count == 2)
    }

    @Test("the level follows the box, whatever a logger sets")
    func level() {
        let box = LogLevelBox(.info)
        var logger = Logger(label: "t") { ReloadableLogHandler(label: $0, box: box) }
        logger.logLevel = .trace
        #expect(logger.logLevel == .info)
        box.current = .error
        #expect(logger.logLevel == .error)
    }
}
