import ArcaSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends entries to the local syslog daemon through the C library (`openlog`/`vsyslog`) at
/// priority `info`: `facility` (default `AUTH`) and `tag` (default `vault`, as Vault's, so
/// existing collector rules keep matching).
///
/// The C library reports no delivery errors, so the device checks that the daemon's socket
/// accepts a connection when it is enabled and before each entry; a missing daemon is then a
/// failure the broker sees rather than a silent loss.
package struct SyslogAuditDevice: AuditDevice {
    /// The daemon's socket, as the C library uses it.
    static let socketPath = "/dev/log"

    let facility: Int32
    let tag: String

    package init(options: [String: String]) throws {
        let name = options["facility"].flatMap { $0.isEmpty ? nil : $0 } ?? "AUTH"
        guard let facility = Self.facility(named: name) else {
            throw LogicalError.invalidRequest("unknown syslog facility \"\(name)\"")
        }
        self.facility = facility
        tag = options["tag"].flatMap { $0.isEmpty ? nil : $0 } ?? "vault"
        try Self.probe()
    }

    /// Facility codes (RFC 5424 numbering, shifted as `<syslog.h>` does).
    package static func facility(named name: String) -> Int32? {
        let codes: [String: Int32] = [
            "KERN": 0, "USER": 1, "MAIL": 2, "DAEMON": 3, "AUTH": 4, "SYSLOG": 5, "LPR": 6, "NEWS": 7,
            "UUCP": 8, "CRON": 9, "AUTHPRIV": 10, "FTP": 11, "LOCAL0": 16, "LOCAL1": 17, "LOCAL2": 18,
            "LOCAL3": 19, "LOCAL4": 20, "LOCAL5": 21, "LOCAL6": 22, "LOCAL7": 23,
        ]
        return codes[name.uppercased()].map { $0 << 3 }
    }

    /// Whether the daemon's datagram socket accepts a connection.
    static func probe() throws(AuditDeviceError) {
        do {
            let fd = try SocketConnector(address: socketPath, kind: .unix, timeout: 1000, datagram: true).connect()
            POSIXIO.closeDescriptor(fd)
        } catch {
            throw AuditDeviceError("syslog delivery error: \(error.message)")
        }
    }

    package func write(_ line: [UInt8]) async throws {
        try Self.probe()
        var message = line
        if message.last == UInt8(ascii: "\n") { message.removeLast() }
        let text = String(decoding: message, as: UTF8.self)
        SyslogGate.send(text, tag: tag, priority: facility | 6)  // LOG_INFO
    }

    package func reopen() async throws {}

    package func close() async {}
}

/// The C library keeps one syslog identity per process and keeps the tag's pointer, not a copy.
/// This gate serialises `openlog` + `vsyslog` so each entry goes out under its own device's tag,
/// and keeps every tag's C string alive for the life of the process (a few bytes per tag).
enum SyslogGate {
    private static let tags = Mutex<[String: UnsafeMutablePointer<CChar>]>([:])

    static func send(_ text: String, tag: String, priority: Int32) {
        tags.withLock { tags in
            let ident: UnsafeMutablePointer<CChar>
            if let known = tags[tag] {
                ident = known
            } else {
                ident = strdup(tag)
                tags[tag] = ident
            }
            openlog(ident, LOG_PID, priority & ~7)
            text.withCString { message in
                withVaList([message]) { vsyslog(priority, "%s", $0) }
            }
        }
    }
}
