#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls the audit devices share: writing a whole buffer, error texts.
enum POSIXIO {
    /// The C library's text for `code` (`No such file or directory`).
    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Writes every byte of `bytes` to `fd`, retrying on interruption and short writes.
    /// - Parameter socket: send with `MSG_NOSIGNAL` so a closed peer is an error, not SIGPIPE.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], socket: Bool = false) throws(AuditDeviceError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                let base = buffer.baseAddress! + offset
                let count = buffer.count - offset
                #if os(Linux)
                return socket ? send(fd, base, count, Int32(MSG_NOSIGNAL)) : write(fd, base, count)
                #else
                return socket ? send(fd, base, count, 0) : write(fd, base, count)
                #endif
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw AuditDeviceError(message(code))
            }
            if n == 0 { throw AuditDeviceError("write returned no progress") }
            offset += n
        }
    }

    /// Closes `fd`, ignoring errors (nothing useful can be done about a failed close here).
    static func closeDescriptor(_ fd: Int32) {
        if fd >= 0 { _ = close(fd) }
    }

    /// `open(2)` with a mode.
    static func openFile(_ path: String, flags: Int32, mode: mode_t) -> Int32 {
        path.withCString { open($0, flags, mode) }
    }
}
