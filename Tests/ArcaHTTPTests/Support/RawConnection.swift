#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A plain TCP client on a blocking socket, for tests that must send a request byte by byte or
/// not at all (what an HTTP client library will not do).
final class RawConnection {
    enum Received: Equatable {
        case data(String)
        /// The server closed the connection (end of file or reset).
        case closed
        /// Nothing arrived within the wait.
        case nothing
    }

    private let fd: Int32

    /// Connects to `port` on 127.0.0.1, or on ::1 if nothing listens there.
    init(port: Int) throws {
        var fd = Self.connect4(port)
        if fd < 0 { fd = Self.connect6(port) }
        guard fd >= 0 else { throw RawConnectionError(message: "cannot connect to port \(port)") }
        self.fd = fd
    }

    deinit { close(fd) }

    /// A port nothing listens on right now (the kernel's pick for an ephemeral bind on 127.0.0.1).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw RawConnectionError(message: "no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    private static func connect4(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 { close(fd); return -1 }
        return fd
    }

    private static func connect6(_ port: Int) -> Int32 {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_port = in_port_t(UInt16(port).bigEndian)
        addr.sin6_addr = in6addr_loopback
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        if rc != 0 { close(fd); return -1 }
        return fd
    }

    /// Sends `text`; `false` when the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Waits up to `milliseconds` for bytes; returns what arrived, `closed` or `nothing`. Polls
    /// without blocking, sleeping between polls, so the cooperative threads stay free for the
    /// server under test.
    func receive(waitingMilliseconds milliseconds: Int) async throws -> Received {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(milliseconds)
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 0) <= 0 {
            guard clock.now < deadline else { return .nothing }
            try await Task.sleep(for: .milliseconds(10))
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if n <= 0 { return .closed }
        return .data(String(decoding: buffer.prefix(n), as: UTF8.self))
    }

    /// Reads until the server closes or `milliseconds` pass with nothing new; everything received.
    func receiveUntilClosed(waitingMilliseconds milliseconds: Int) async throws -> (text: String, closed: Bool) {
        var text = ""
        while true {
            switch try await receive(waitingMilliseconds: milliseconds) {
            case .data(let s): text += s
            case .closed: return (text, true)
            case .nothing: return (text, false)
            }
        }
    }
}

struct RawConnectionError: Error { var message: String }
