// The C library sqlite-nio compiles into the process (its symbols carry a `sqlite_nio_` prefix).
// Every connection uses this one library instance: two SQLite copies in one process would break
// each other's POSIX file locks on the shared database file.
import VaporCSQLite

/// One open SQLite connection through our own binding: the reader pool's connections, the writer
/// and the checkpointer each own one.
///
/// Not thread-safe (hence unchecked): each owner uses it from one thread at a time, and it opens
/// with SQLite's own locking off (`NOMUTEX`). Its statements hold it, so it closes when the last
/// of them is gone; an explicit `close()` before that leaves SQLite to finish closing as they are
/// finalized (`sqlite3_close_v2`), and nothing may use the connection after it.
final class SQLiteHandle: @unchecked Sendable {
    private let db: OpaquePointer
    private var closed = false

    private init(db: OpaquePointer) { self.db = db }

    deinit { close() }

    /// Closes the connection (once); statements still alive finish closing it when they go.
    func close() {
        guard !closed else { return }
        closed = true
        sqlite_nio_sqlite3_close_v2(db)
    }

    /// The VFS every connection opens with: SQLite's unix VFS in its exclusive variant. The
    /// first lock takes one POSIX lock on the database file for the whole process, and from then
    /// on the connections of this process lock among themselves in memory and share the WAL
    /// index in heap memory instead of a `-shm` file. With the default VFS every transaction took
    /// and released `fcntl` locks on the `-shm` file: about six system calls per commit and two
    /// per read. Another process can no longer open the store while this one has it open, which
    /// is also what a second server on the same store should meet.
    static let vfs = "unix-excl"

    /// Opens `path`; `create` makes the file when it is missing (the writer's open does).
    static func open(path: String, create: Bool) throws(PhysicalError) -> SQLiteHandle {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | (create ? SQLITE_OPEN_CREATE : 0)
        guard sqlite_nio_sqlite3_open_v2(path, &handle, flags, vfs) == SQLITE_OK, let db = handle else {
            let message = handle.map(Self.message) ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw .backend("sqlite: cannot open \(path): \(message)")
        }
        return SQLiteHandle(db: db)
    }

    /// Runs `sql` (statements without results: pragmas, DDL, checkpoints).
    func exec(_ sql: String) throws(SQLiteCallError) {
        let code = sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// `sql` compiled once, to be run many times.
    func prepare(_ sql: String) throws(SQLiteCallError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code) }
        return SQLiteStatement(statement, handle: self)
    }

    /// A PASSIVE checkpoint: copies what it can of the WAL into the database file without waiting
    /// for anyone. Returns how many frames the WAL holds and how many of them are now copied (nil
    /// when it failed, e.g. busy).
    func checkpointPassive() -> (frames: Int, copied: Int)? {
        var frames: Int32 = 0
        var copied: Int32 = 0
        var code = sqlite_nio_sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied)
        if code == SQLITE_OK, frames < 0 {
            // A connection that has read nothing yet has not opened the WAL, and the call above
            // then does nothing (-1); the pragma opens it and checkpoints.
            try? exec("PRAGMA wal_checkpoint(PASSIVE)")
            code = sqlite_nio_sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied)
        }
        guard code == SQLITE_OK, frames >= 0 else { return nil }
        return (Int(frames), Int(copied))
    }

    /// After every commit, has SQLite record the WAL's frame count in `counter` and, once it
    /// reaches `checkpointAt`, checkpoint from inside the commit as its automatic checkpoint does
    /// (this replaces that one; SQLite keeps one such hook per connection). `counter` must outlive
    /// the connection's commits.
    func observeWAL(_ counter: WALCounter, checkpointAt: Int) {
        counter.checkpointAt = checkpointAt
        sqlite_nio_sqlite3_wal_hook(
            db,
            { context, db, name, frames in
                guard let context else { return SQLITE_OK }
                let counter = Unmanaged<WALCounter>.fromOpaque(context).takeUnretainedValue()
                counter.frames = Int(frames)
                if Int(frames) >= counter.checkpointAt { _ = sqlite_nio_sqlite3_wal_checkpoint(db, name) }
                return SQLITE_OK
            }, Unmanaged.passUnretained(counter).toOpaque())
    }

    /// How long SQLite waits for another connection's lock before answering busy (0: not at all).
    func busyTimeout(milliseconds: Int32) { sqlite_nio_sqlite3_busy_timeout(db, milliseconds) }

    /// Frees what the connection's page cache holds (dirty pages of an open transaction stay).
    func releaseMemory() { sqlite_nio_sqlite3_db_release_memory(db) }

    func failure(_ code: Int32) -> SQLiteCallError {
        let primary = code & 0xFF
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED { return .busy }
        return .failed("sqlite: \(Self.message(db)) (code \(code))")
    }

    private static func message(_ db: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
    }
}

/// A prepared statement of one `SQLiteHandle`, used on its owner's thread only.
final class SQLiteStatement {
    private let pointer: OpaquePointer
    private let handle: SQLiteHandle

    fileprivate init(_ pointer: OpaquePointer, handle: SQLiteHandle) {
        self.pointer = pointer
        self.handle = handle
    }

    deinit { sqlite_nio_sqlite3_finalize(pointer) }

    /// Binds `bytes` as a blob to parameter `index` (from 1); SQLite copies them.
    func bind(_ index: Int32, _ bytes: [UInt8]) throws(SQLiteCallError) {
        let code = bytes.withUnsafeBytes { buffer in
            sqlite_nio_sqlite3_bind_blob(
                pointer, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))  // SQLITE_TRANSIENT
        }
        guard code == SQLITE_OK else { throw handle.failure(code) }
    }

    /// One step: true for a row, false when done.
    func step() throws(SQLiteCallError) -> Bool {
        switch sqlite_nio_sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw handle.failure(code)
        }
    }

    /// Runs a statement that returns no rows to its end, then resets it.
    func run() throws(SQLiteCallError) {
        defer { reset() }
        while try step() {}
    }

    /// Ready to run again, with its bindings cleared (ends any read it held open).
    func reset() {
        rewind()
        sqlite_nio_sqlite3_clear_bindings(pointer)
    }

    /// Ready to run again from the start, bindings kept.
    func rewind() { sqlite_nio_sqlite3_reset(pointer) }

    /// Column `index` of the current row as bytes, or nil for NULL.
    func column(_ index: Int32) -> [UInt8]? {
        let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
        guard count > 0, let bytes = sqlite_nio_sqlite3_column_blob(pointer, index) else {
            return sqlite_nio_sqlite3_column_type(pointer, index) == SQLITE_NULL ? nil : []
        }
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// Why a call failed: busy (another connection holds a lock; worth retrying with a wait) or not.
enum SQLiteCallError: Error {
    case busy
    case failed(String)
}

/// The WAL's size in frames after the last commit, as SQLite's WAL hook reports it
/// (`SQLiteHandle.observeWAL`). Used on the connection's thread only (hence unchecked).
final class WALCounter: @unchecked Sendable {
    fileprivate(set) var frames = 0
    fileprivate var checkpointAt = Int.max
}
