import ArcaSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends entries to a file, one per line (`file_path`, or the legacy `path`; `stdout` and
/// `discard` are special). What it may write is `AuditFileGuard`'s rule: never the server's own
/// files, and an existing file only when it already is an audit log. A file the device creates
/// gets `mode` (octal, default `0600`; `0000` leaves the mode alone) and its missing parent
/// directories `0700`; a file that existed before keeps its mode. `reopen()` closes and opens
/// the path again, so a rotated log continues in a new file at the configured path after SIGHUP.
package actor FileAuditDevice: AuditDevice {
    enum Target: Equatable {
        case file(String)
        case stdout
        case discard
    }

    let target: Target
    /// Permission bits to apply, or `nil` to leave the file's mode alone.
    let mode: mode_t?
    let fileGuard: AuditFileGuard
    /// The device's `prefix`, which starts each line of an existing log.
    let prefix: String
    private var fd: Int32 = -1
    /// Set by `close()`: a disabled device never opens its file again.
    private var closed = false

    /// Opens the file now, so that a path that cannot be written is refused at enable time.
    package init(options: [String: String], guard fileGuard: AuditFileGuard = AuditFileGuard()) throws {
        guard let path = Self.filePath(options) else {
            throw LogicalError.invalidRequest("file_path is required")
        }
        switch path {
        case "stdout": target = .stdout
        case "discard": target = .discard
        default: target = .file(path)
        }
        mode = try Self.parseMode(options["mode"])
        self.fileGuard = fileGuard
        prefix = options["prefix"] ?? ""
        if case .file(let path) = target { fd = try Self.openFile(path, mode: mode, guard: fileGuard, prefix: prefix) }
    }

    /// `file_path`, or Vault's older name for it, `path`.
    static func filePath(_ options: [String: String]) -> String? {
        for key in ["file_path", "path"] {
            if let path = options[key], !path.isEmpty { return path }
        }
        return nil
    }

    static func parseMode(_ raw: String?) throws -> mode_t? {
        guard let raw, !raw.isEmpty else { return 0o600 }
        guard raw.count <= 4, let bits = UInt32(raw, radix: 8), bits <= 0o777 else {
            throw LogicalError.invalidRequest("invalid file mode \"\(raw)\": expected an octal string such as 0600")
        }
        return bits == 0 ? nil : mode_t(bits)
    }

    /// Opens `path` for appending under the guard's rule; creates it when missing, and applies
    /// `mode` only to a file it created.
    static func openFile(_ path: String, mode: mode_t?, guard fileGuard: AuditFileGuard, prefix: String)
        throws(AuditDeviceError) -> Int32
    {
        let append = O_WRONLY | O_APPEND | O_CLOEXEC
        if AuditFileGuard.streams.contains(path) {
            let fd = POSIXIO.openFile(path, flags: append, mode: 0)
            guard fd >= 0 else { throw AuditDeviceError("open \(path): \(POSIXIO.message(errno))") }
            return fd
        }
        try fileGuard.checkPath(path)
        try makeParentDirectories(of: path)
        var created = true
        var fd = POSIXIO.openFile(path, flags: append | O_CREAT | O_EXCL, mode: mode ?? 0o600)
        if fd < 0, errno == EEXIST {
            created = false
            fd = POSIXIO.openFile(path, flags: append, mode: 0)
        }
        guard fd >= 0 else { throw AuditDeviceError("open \(path): \(POSIXIO.message(errno))") }
        do {
            try fileGuard.checkOpened(fd, path: path, created: created, prefix: prefix)
        } catch {
            POSIXIO.closeDescriptor(fd)
            throw error
        }
        if created, let mode, fchmod(fd, mode) != 0 {
            let code = errno
            POSIXIO.closeDescriptor(fd)
            throw AuditDeviceError("chmod \(path): \(POSIXIO.message(code))")
        }
        return fd
    }

    static func makeParentDirectories(of path: String) throws(AuditDeviceError) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        guard !components.isEmpty else { return }
        var current = path.hasPrefix("/") ? "" : "."
        if path.hasPrefix("/") { components = components.dropFirst() }
        for component in components where !component.isEmpty {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw AuditDeviceError("mkdir \(current): \(POSIXIO.message(errno))")
            }
        }
    }

    package func write(_ line: [UInt8]) async throws {
        if closed { throw AuditDeviceError("audit device is closed") }
        switch target {
        case .discard: return
        case .stdout: try POSIXIO.writeAll(STDOUT_FILENO, line)
        case .file(let path):
            if fd < 0 { fd = try Self.openFile(path, mode: mode, guard: fileGuard, prefix: prefix) }
            do {
                try POSIXIO.writeAll(fd, line)
            } catch {
                // Whatever part of the line reached the file, the next entry starts on a new line.
                _ = try? POSIXIO.writeAll(fd, [UInt8(ascii: "\n")])
                throw AuditDeviceError("write \(path): \(error.message)")
            }
        }
    }

    package func reopen() async throws {
        guard case .file(let path) = target, !closed else { return }
        POSIXIO.closeDescriptor(fd)
        fd = -1
        fd = try Self.openFile(path, mode: mode, guard: fileGuard, prefix: prefix)
    }

    package func close() async {
        closed = true
        POSIXIO.closeDescriptor(fd)
        fd = -1
    }
}
