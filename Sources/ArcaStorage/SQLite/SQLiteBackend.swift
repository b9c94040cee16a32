/// The embedded default store: one SQLite file in WAL mode with `synchronous=FULL`, so every
/// acknowledged write has been fsync'ed and the file survives `kill -9` at any moment.
///
/// Writes from concurrent callers are grouped into one transaction (group commit) by
/// `SQLiteWriteQueue`; reads use connections of their own (`SQLiteReaders`) and never wait for a
/// writer.
public final class SQLiteBackend: TransactionalBackend, ClosableBackend, MemoryReleasingBackend {
    private let readers: SQLiteReaders
    private let writes: SQLiteWriteQueue
    /// Values larger than this are refused (the request limit plus barrier overhead).
    public static let maxValueSize = 33 * 1024 * 1024
    /// WAL pages past which the writer checkpoints itself (about 16 MiB): reached only when the
    /// checkpointer falls behind (a saturated core), and it keeps each checkpoint small.
    static let checkpointPages = 4000
    /// Bytes the WAL file is truncated to once it has been checkpointed and restarts.
    static let walSizeLimit = 64 * 1024 * 1024

    private init(readers: SQLiteReaders, writes: SQLiteWriteQueue) {
        self.readers = readers
        self.writes = writes
    }

    /// Opens (creating if needed) the database at `path`. The directory is created with mode 0700
    /// and the database files are restricted to mode 0600.
    public static func open(path: String) async throws -> SQLiteBackend {
        try FilePermissions.prepareDirectory(of: path)
        // temp_store=MEMORY keeps any temporary file SQLite needs (statement journals) off the disk.
        // Checkpoints run beside the writer (`SQLiteCheckpointer`); the writer's own, inside a
        // commit, only past `checkpointPages`, and the WAL file is cut back after a reset.
        let writer = try SQLiteWriteConnection.open(
            path: path,
            pragmas: [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000", "PRAGMA temp_store=MEMORY",
                "PRAGMA journal_size_limit=\(Self.walSizeLimit)",
            ],
            checkpointAt: Self.checkpointPages)
        FilePermissions.restrict(path)
        let checkpointer: SQLiteCheckpointer
        let readers: SQLiteReaders
        do {
            checkpointer = try await SQLiteCheckpointer.open(path: path)
            readers = try SQLiteReaders(path: path)
        } catch {
            writer.close()
            throw PhysicalError.backend("cannot open SQLite database at \(path): \(error)")
        }
        return SQLiteBackend(readers: readers, writes: SQLiteWriteQueue(connection: writer, checkpointer: checkpointer))
    }

    public func close() async throws {
        try await writes.close()
        readers.close()
    }

    /// Empties the page caches of the readers, the writer and the checkpointer (up to 2 MiB each);
    /// pages come back from the file (mostly the kernel's page cache) as they are read again.
    public func releaseMemory() async {
        readers.releaseMemory()
        await writes.releaseMemory()
    }

    /// Frees the unused pages of one connection's cache; dirty pages of an open transaction stay.
    static let shrinkMemory = "PRAGMA shrink_memory"

    /// How many transactions the writer has committed (group commit makes this far fewer than writes).
    package var commitCount: Int { writes.commits }
    /// How many checkpoints the checkpointer has run.
    package var checkpointCount: Int { writes.checkpoints }

    public func get(_ key: String) async throws -> PhysicalEntry? {
        try KeyValidation.validate(key)
        return try await readers.get(key).map { PhysicalEntry(key: key, value: $0) }
    }

    public func put(_ entry: PhysicalEntry) async throws {
        try await apply([.put(entry)])
    }

    public func delete(_ key: String) async throws {
        try await apply([.delete(key)])
    }

    public func apply(_ operations: [PhysicalOperation]) async throws {
        for op in operations {
            switch op {
            case .put(let e):
                try KeyValidation.validate(e.key)
                if e.value.count > Self.maxValueSize {
                    throw PhysicalError.valueTooLarge(key: e.key, size: e.value.count, limit: Self.maxValueSize)
                }
            case .delete(let k): try KeyValidation.validate(k)
            }
        }
        try await writes.submit(operations)
    }

    public func list(prefix: String) async throws -> [String] {
        try await readers.children(of: prefix, after: "", limit: 0)
    }

    /// One page of `list(prefix:)`, read as such: the scan starts at `after` and stops after
    /// `limit` children, so a page costs its size, not the folder's.
    public func listPage(prefix: String, after: String, limit: Int?) async throws -> [String] {
        try await readers.children(of: prefix, after: after, limit: limit ?? 0)
    }

    /// The smallest byte string greater than every string starting with `bytes`, or `nil` if none.
    static func successor(of bytes: [UInt8]) -> [UInt8]? {
        var b = bytes
        while let last = b.last {
            if last < 0xFF {
                b[b.count - 1] = last + 1
                return b
            }
            b.removeLast()
        }
        return nil
    }
}
