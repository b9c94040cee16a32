import ArcaWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file audit device may write. The rule, applied every time a device opens its file
/// (enable, unseal, SIGHUP):
///
/// - never a protected file: the storage database (with SQLite's `-wal`, `-shm` and `-journal`
///   companions) or a listener's TLS certificate or key. Compared by resolved path before
///   anything is created, and by device and inode once opened, so links do not get around it;
/// - a new file, which the device creates (and only then applies `mode` to); or an existing
///   regular file or FIFO that is empty or whose first line is an audit entry: a JSON object with
///   a string `time` and a `type` of `request` or `response` (or the JSONx rendering of one),
///   after the device's `prefix` (a first line longer than 64 KiB must start as an entry does).
///   Anything else (a database, a key, a config file, a device node such as a disk) is refused;
/// - `/dev/stdout`, `/dev/stderr` and `/dev/null` are the process's own streams and are written
///   as they are: never created, checked or chmod-ed.
package struct AuditFileGuard: Sendable, Equatable {
    /// Paths no device may write.
    package var protectedFiles: [String]

    package init(protectedFiles: [String] = []) { self.protectedFiles = protectedFiles }

    static let streams: Set = ["/dev/stdout", "/dev/stderr", "/dev/null"]
    /// How much of an existing file is read to find its first line.
    static let firstLineLimit = 64 * 1024

    /// Refuses a path that resolves to a protected file (checked before anything is created).
    func checkPath(_ path: String) throws(AuditDeviceError) {
        let resolved = Self.canonical(path)
        if protectedFiles.contains(where: { Self.canonical($0) == resolved }) {
            throw AuditDeviceError("\(path) is a file the server itself uses; an audit device may not write it")
        }
    }

    /// Refuses an opened file that is protected, not a regular file or FIFO, or an existing file
    /// whose content is not an audit log. `created`: the device has just created it.
    func checkOpened(_ fd: Int32, path: String, created: Bool, prefix: String) throws(AuditDeviceError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AuditDeviceError("stat \(path): \(POSIXIO.message(errno))") }
        for file in protectedFiles {
            var other = stat()
            if stat(file, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                throw AuditDeviceError("\(path) is a file the server itself uses; an audit device may not write it")
            }
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFIFO { return }
        guard kind == S_IFREG else {
            throw AuditDeviceError("\(path) is not a regular file; an audit device writes only files and FIFOs")
        }
        if created || info.st_size == 0 { return }
        let head = try Self.head(of: path, matching: info)
        guard Self.startsWithAuditEntry(head, prefix: prefix) else {
            throw AuditDeviceError(
                "\(path) exists and is not an audit log (its first line is not an audit entry); refusing to append to it")
        }
    }

    /// The first bytes of the file at `path`, read through a second descriptor that must name the
    /// same file as `info` (so the file cannot be swapped between the two opens).
    static func head(of path: String, matching info: stat) throws(AuditDeviceError) -> [UInt8] {
        let fd = POSIXIO.openFile(path, flags: O_RDONLY | O_CLOEXEC | O_NONBLOCK, mode: 0)
        guard fd >= 0 else {
            throw AuditDeviceError("cannot read \(path) to check that it is an audit log: \(POSIXIO.message(errno))")
        }
        defer { POSIXIO.closeDescriptor(fd) }
        var check = stat()
        guard fstat(fd, &check) == 0, check.st_dev == info.st_dev, check.st_ino == info.st_ino else {
            throw AuditDeviceError("\(path) changed while it was being opened")
        }
        var buffer = [UInt8](repeating: 0, count: firstLineLimit)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n >= 0 else { throw AuditDeviceError("read \(path): \(POSIXIO.message(errno))") }
        return Array(buffer[..<n])
    }

    /// Whether `head` (a file's first bytes) begins with an audit entry line.
    static func startsWithAuditEntry(_ head: [UInt8], prefix: String) -> Bool {
        var line = head.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        // The whole line is here when a newline ends it or the file is shorter than what was read.
        let complete = line.count < head.count || head.count < firstLineLimit
        let prefixBytes = Array(prefix.utf8)
        if !prefixBytes.isEmpty, line.starts(with: prefixBytes) { line = line.dropFirst(prefixBytes.count) }
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "<") {
            let text = String(decoding: line, as: UTF8.self)
            return (text.hasPrefix("<?xml") || text.hasPrefix("<json:object"))
                && (text.contains(#"<json:string name="type">request</json:string>"#)
                    || text.contains(#"<json:string name="type">response</json:string>"#))
        }
        guard first == UInt8(ascii: "{") else { return false }
        if complete, let entry = try? JSONParser.parse(Array(line)) {
            guard entry["time"]?.stringValue != nil, let type = entry["type"]?.stringValue else { return false }
            return type == "request" || type == "response"
        }
        // A first line longer than what was read (a large response): judge by how an entry
        // starts, `{"auth":{` as Arca writes it (sorted members) or `{"time":"` as OpenBao does.
        return !complete && (line.starts(with: Array(#"{"auth":{"#.utf8)) || line.starts(with: Array(#"{"time":""#.utf8)))
    }

    /// `path` with symlinks and `..` resolved; for a file that does not exist yet, its directory
    /// resolved and its name appended.
    static func canonical(_ path: String) -> String {
        if let resolved = resolve(path) { return resolved }
        guard let slash = path.lastIndex(of: "/") else { return (resolve(".") ?? ".") + "/" + path }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = path[path.index(after: slash)...]
        guard let base = resolve(directory) else { return path }
        return (base == "/" ? "" : base) + "/" + name
    }

    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
