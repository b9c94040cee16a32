#if canImport(Glibc)
import Glibc
#endif

/// Tells the kernel that the database files are read at random (`POSIX_FADV_RANDOM`), so a
/// B-tree page that is not in the page cache costs one page from the disk instead of a readahead
/// window of 128 KiB: on a host whose page cache cannot hold the whole store, readahead fills the
/// cache with neighbours no lookup asked for and evicts the pages the next lookups need (measured
/// at 10^6 keys: the reads' time went to `page_cache_ra_unbounded`). Key-value stores do the same
/// (RocksDB's `advise_random_on_open`).
///
/// SQLite opens its files itself, so the advice goes to every descriptor of this process open on
/// the database or its WAL, found through `/proc/self/fd`; it applies per descriptor, and is
/// applied again after each new connection. Best effort: without `/proc` nothing happens.
enum RandomAccessAdvice {
    /// Advises every descriptor open on `databasePath` or its WAL; returns how many it advised.
    @discardableResult
    static func apply(toFilesOf databasePath: String) -> Int {
        var advised = 0
        #if os(Linux)
        guard let resolved = realpath(databasePath, nil) else { return 0 }
        let database = String(cString: resolved)
        free(resolved)
        let targets: Set<String> = [database, database + "-wal"]
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(dir) }
        var link = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let fd = Int32(name) else { continue }
            let n = readlink("/proc/self/fd/" + name, &link, link.count - 1)
            guard n > 0 else { continue }
            let target = String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if targets.contains(target), posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM) == 0 { advised += 1 }
        }
        #endif
        return advised
    }
}
