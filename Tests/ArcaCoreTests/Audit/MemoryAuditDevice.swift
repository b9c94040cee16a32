import ArcaCore
import ArcaWire
import Synchronization

/// A device that keeps entries in memory and fails on demand, for the broker's tests.
final class MemoryAuditDevice: AuditDevice {
    struct State {
        var lines: [String] = []
        var failRequests = false
        var failResponses = false
        var reopened = 0
        var closed = false
    }

    let state = Mutex(State())

    func write(_ line: [UInt8]) async throws {
        let text = String(decoding: line, as: UTF8.self)
        let isResponse = text.contains(#""type":"response""#)
        try state.withLock { s throws(AuditDeviceError) in
            if isResponse ? s.failResponses : s.failRequests { throw AuditDeviceError("refused by the test") }
            s.lines.append(text)
        }
    }

    func reopen() async throws { state.withLock { $0.reopened += 1 } }

    func close() async { state.withLock { $0.closed = true } }

    var lines: [String] { state.withLock { $0.lines } }

    /// The entries as JSON, skipping the enable-time test entry.
    var entries: [JSONValue] {
        lines.compactMap { try? JSONParser.parse(Array($0.utf8)) }.filter { $0["request"]?["path"] != "sys/audit/test" }
    }

    func fail(requests: Bool = false, responses: Bool = false) {
        state.withLock {
            $0.failRequests = requests
            $0.failResponses = responses
        }
    }
}
