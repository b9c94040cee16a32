/// The database's one writing connection: creates the file and its table, and commits a batch of
/// puts and deletes as one transaction with statements prepared once, all on the calling thread
/// (the writer's own, `SQLiteWriteQueue`), so a commit is one hand-off however many rows it has.
///
/// Not thread-safe (hence unchecked): only the write queue's thread uses it.
final class SQLiteWriteConnection: @unchecked Sendable {
    private let handle: SQLiteHandle
    private let begin: SQLiteStatement
    private let commit: SQLiteStatement
    private let rollback: SQLiteStatement
    private let upsert: SQLiteStatement
    private let remove: SQLiteStatement
    private let wal = WALCounter()

    /// Frames in the WAL after the last commit.
    var walFrames: Int { wal.frames }

    private init(handle: SQLiteHandle, checkpointAt: Int) throws(SQLiteCallError) {
        self.handle = handle
        handle.observeWAL(wal, checkpointAt: checkpointAt)
        begin = try handle.prepare("BEGIN IMMEDIATE")
        commit = try handle.prepare("COMMIT")
        rollback = try handle.prepare("ROLLBACK")
        upsert = try handle.prepare(
            "INSERT INTO entries (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        remove = try handle.prepare("DELETE FROM entries WHERE key = ?1")
    }

    /// Opens (creating if needed) the database at `path` with `pragmas` and the entries table. A
    /// commit that leaves `checkpointAt` frames or more in the WAL checkpoints it at once (SQLite's
    /// automatic checkpoint, kept as a safety net for when the checkpointer falls behind).
    static func open(path: String, pragmas: [String], checkpointAt: Int) throws(PhysicalError) -> SQLiteWriteConnection {
        let handle = try SQLiteHandle.open(path: path, create: true)
        do {
            for pragma in pragmas { try handle.exec(pragma) }
            try handle.exec("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID")
            return try SQLiteWriteConnection(handle: handle, checkpointAt: checkpointAt)
        } catch .busy {
            // The first lock of the exclusive VFS (`SQLiteHandle.vfs`) failed: another process holds it.
            throw .backend("sqlite: \(path) is in use by another process (one server per store)")
        } catch {
            throw .backend("sqlite: cannot open the writer of \(path): \(error)")
        }
    }

    /// One transaction: every put, then every delete; on any failure nothing of it stays.
    func commit(puts: [PhysicalEntry], deletes: [String]) throws(SQLiteCallError) {
        try begin.run()
        do {
            for entry in puts {
                defer { upsert.reset() }
                try upsert.bind(1, Array(entry.key.utf8))
                try upsert.bind(2, entry.value)
                while try upsert.step() {}
            }
            for key in deletes {
                defer { remove.reset() }
                try remove.bind(1, Array(key.utf8))
                while try remove.step() {}
            }
            try commit.run()
        } catch {
            try? rollback.run()
            throw error
        }
    }

    /// A passive checkpoint from the writer, between transactions: no frame can be added while it
    /// runs, so it reaches the end of the WAL, syncs the database file and lets the next
    /// transaction start the WAL over. Best effort: a failure leaves the frames in the WAL.
    func checkpointTail() { try? handle.exec("PRAGMA wal_checkpoint(PASSIVE)") }

    /// Frees the unused pages of the connection's cache.
    func releaseMemory() { handle.releaseMemory() }

    /// Closes the connection; nothing may use it after.
    func close() { handle.close() }
}
