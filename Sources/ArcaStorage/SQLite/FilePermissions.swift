#if canImport(Glibc)
import Glibc
#endif

/// Owner-only permissions for the database directory and files: they hold ciphertext, but
/// nothing else on the machine needs to read them.
enum FilePermissions {
    static func prepareDirectory(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let dir = String(path[..<slash])
        if dir.isEmpty { return }
        var components: [Substring] = []
        for part in dir.split(separator: "/", omittingEmptySubsequences: true) {
            components.append(part)
            let partial = (dir.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
            if mkdir(partial, 0o700) != 0 && errno != EEXIST {
                throw PhysicalError.backend("cannot create directory \(partial): \(String(cString: strerror(errno)))")
            }
        }
    }

    static func restrict(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] {
            _ = chmod(file, 0o600)
        }
    }
}
