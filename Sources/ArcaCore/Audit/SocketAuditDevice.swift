import ArcaSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams entries, newline-delimited, to a TCP, UDP or Unix socket (a SIEM collector):
/// `address` (`host:port`, or a path for `unix`), `socket_type` (`tcp` by default) and
/// `write_timeout` (default `2s`, bounding both connect and send).
///
/// The connection is made at enable time (so an unreachable collector is refused then), and
/// made again when a write fails or the collector has closed its end; an entry that cannot be
/// sent after one reconnection is a failure the broker sees.
package actor SocketAuditDevice: AuditDevice {
    package enum Kind: String, Sendable {
        case tcp, udp, unix
    }

    let address: String
    let kind: Kind
    /// Milliseconds.
    let timeout: Int32
    private var fd: Int32 = -1
    /// Set by `close()`: a disabled device never connects again.
    private var closed = false

    package init(options: [String: String]) throws {
        guard let address = options["address"], !address.isEmpty else {
            throw LogicalError.invalidRequest("address is required")
        }
        let rawKind = options["socket_type"].flatMap { $0.isEmpty ? nil : $0 } ?? "tcp"
        guard let kind = Kind(rawValue: rawKind) else {
            throw LogicalError.invalidRequest("unknown socket_type \"\(rawKind)\": expected tcp, udp or unix")
        }
        let rawTimeout = options["write_timeout"].flatMap { $0.isEmpty ? nil : $0 } ?? "2s"
        guard let millis = DurationParser.milliseconds(rawTimeout), millis > 0 else {
            throw LogicalError.invalidRequest("invalid write_timeout \"\(rawTimeout)\"")
        }
        self.address = address
        self.kind = kind
        self.timeout = Int32(clamping: millis)
        fd = try SocketConnector(address: address, kind: kind, timeout: timeout).connect()
    }

    package func write(_ line: [UInt8]) async throws {
        if closed { throw AuditDeviceError("audit device is closed") }
        if fd >= 0, kind == .tcp, SocketConnector.peerClosed(fd) { disconnect() }
        do {
            try send(line)
        } catch {
            // One more try on a fresh connection: the collector may have restarted.
            disconnect()
            try send(line)
        }
    }

    private func send(_ line: [UInt8]) throws(AuditDeviceError) {
        if fd < 0 { fd = try SocketConnector(address: address, kind: kind, timeout: timeout).connect() }
        do {
            try POSIXIO.writeAll(fd, line, socket: true)
        } catch {
            throw AuditDeviceError("write to \(address): \(error.message)")
        }
    }

    private func disconnect() {
        POSIXIO.closeDescriptor(fd)
        fd = -1
    }

    package func reopen() async throws {
        guard !closed else { return }
        disconnect()
        fd = try SocketConnector(address: address, kind: kind, timeout: timeout).connect()
    }

    package func close() async {
        closed = true
        disconnect()
    }
}

extension DurationParser {
    /// A Vault duration (`2s`, `500ms`, bare seconds, `1d`) in whole milliseconds; `nil` when it
    /// is not one or is negative. Read by `vaultNanoseconds`, so it is bounded (about 292 years)
    /// and the conversion cannot overflow.
    static func milliseconds(_ text: String) -> Int64? {
        guard let nanoseconds = try? vaultNanoseconds(text), nanoseconds >= 0 else { return nil }
        return nanoseconds / 1_000_000
    }
}
