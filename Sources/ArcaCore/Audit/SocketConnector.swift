#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a connected socket for `SocketAuditDevice`, with a bounded connect and send timeout.
struct SocketConnector {
    let address: String
    let kind: SocketAuditDevice.Kind
    /// Milliseconds.
    let timeout: Int32
    /// A datagram socket even for `unix` (the syslog daemon's socket).
    var datagram = false

    /// A connected descriptor, or the reason none could be had.
    func connect() throws(AuditDeviceError) -> Int32 {
        switch kind {
        case .unix: return try connectUnix()
        case .tcp, .udp: return try connectInet()
        }
    }

    private var streamType: Int32 {
        #if os(Linux)
        Int32(kind == .udp || datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        #else
        kind == .udp || datagram ? SOCK_DGRAM : SOCK_STREAM
        #endif
    }

    /// `host:port`, with IPv6 hosts in brackets.
    static func split(_ address: String) -> (host: String, port: String)? {
        guard let colon = address.lastIndex(of: ":") else { return nil }
        var host = String(address[..<colon])
        let port = String(address[address.index(after: colon)...])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !port.isEmpty else { return nil }
        return (host, port)
    }

    private func connectInet() throws(AuditDeviceError) -> Int32 {
        guard let (host, port) = Self.split(address) else {
            throw AuditDeviceError("invalid address \"\(address)\": expected host:port")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw AuditDeviceError("resolve \(address): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = POSIXIO.message(errno)
                continue
            }
            if let error = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) {
                POSIXIO.closeDescriptor(fd)
                lastError = error
                continue
            }
            return fd
        }
        throw AuditDeviceError("dial \(kind.rawValue) \(address): \(lastError)")
    }

    private func connectUnix() throws(AuditDeviceError) -> Int32 {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(address.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { throw AuditDeviceError("unix socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw AuditDeviceError("socket: \(POSIXIO.message(errno))") }
        let error = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if let error {
            POSIXIO.closeDescriptor(fd)
            throw AuditDeviceError("dial unix \(address): \(error)")
        }
        return fd
    }

    /// Connects `fd` within the timeout and sets the send timeout; returns an error text or `nil`.
    private func connect(_ fd: Int32, _ addr: UnsafePointer<sockaddr>, _ length: socklen_t) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        #if os(Linux)
        let started = Glibc.connect(fd, addr, length)
        #else
        let started = Darwin.connect(fd, addr, length)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        if started != 0 {
            guard errno == EINPROGRESS else { return POSIXIO.message(errno) }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, timeout)
            if ready == 0 { return "connect timed out" }
            if ready < 0 { return POSIXIO.message(errno) }
            var code: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &size)
            if code != 0 { return POSIXIO.message(code) }
        }
        _ = fcntl(fd, F_SETFL, flags)
        var limit = timeval(tv_sec: Int(timeout / 1000), tv_usec: Int(timeout % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return nil
    }

    /// Whether a stream peer has closed its end (readable with nothing to read, or hung up).
    /// Checked before each write so that an entry is not lost into a half-closed connection.
    static func peerClosed(_ fd: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        if poller.revents & Int16(POLLHUP | POLLERR) != 0 { return true }
        var byte: UInt8 = 0
        #if os(Linux)
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        #else
        let n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT)
        #endif
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }
}
