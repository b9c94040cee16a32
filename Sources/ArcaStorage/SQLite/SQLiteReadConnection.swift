// The C library sqlite-nio compiles into the process (its symbols carry a `sqlite_nio_` prefix).
// Reads use the same library instance as the writer: two SQLite copies in one process would break
// each other's POSIX file locks on the shared database file.
import VaporCSQLite

/// One read-only SQLite connection that keeps its statements prepared, so a point read is a bind,
/// one step and a reset on the calling thread: no statement compiled per query and no hop to a
/// thread pool and back.
///
/// Not thread-safe (hence unchecked): `SQLiteReaders` lends each connection to one caller at a
/// time, and it opens with SQLite's own locking off (`NOMUTEX`). Every
/// operation resets its statement before returning, so no read transaction outlives a call (a
/// held snapshot would stall checkpoints and serve stale data).
final class SQLiteReadConnection: @unchecked Sendable {
    private let db: OpaquePointer
    private let point: OpaquePointer
    private let range: OpaquePointer

    static let pointSQL = "SELECT value FROM entries WHERE key = ?1"
    static let rangeSQL = "SELECT key FROM entries WHERE key >= ?1 AND key < ?2 ORDER BY key"
    /// Past every key: the range's upper bound when a prefix has no byte-string successor.
    static let beyondAll: [UInt8] = [UInt8](repeating: 0xFF, count: KeyValidation.maxKeyLength + 1)

    private init(db: OpaquePointer, point: OpaquePointer, range: OpaquePointer) {
        self.db = db
        self.point = point
        self.range = range
    }

    deinit {
        sqlite_nio_sqlite3_finalize(point)
        sqlite_nio_sqlite3_finalize(range)
        sqlite_nio_sqlite3_close_v2(db)
    }

    /// Opens `path`, which must exist (the writer created it and its table).
    static func open(path: String) throws(PhysicalError) -> SQLiteReadConnection {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let db = handle else {
            let message = handle.map(Self.message) ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw .backend("sqlite: cannot open a reader: \(message)")
        }
        // Busy waits are the caller's choice (`withBusyWait`); inline reads never sleep.
        sqlite_nio_sqlite3_busy_timeout(db, 0)
        guard sqlite_nio_sqlite3_exec(db, "PRAGMA query_only=1", nil, nil, nil) == SQLITE_OK,
            let point = prepare(db, pointSQL), let range = prepare(db, rangeSQL)
        else {
            let message = Self.message(db)
            sqlite_nio_sqlite3_close_v2(db)
            throw .backend("sqlite: cannot prepare the reader's statements: \(message)")
        }
        return SQLiteReadConnection(db: db, point: point, range: range)
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK
        else { return nil }
        return statement
    }

    private static func message(_ db: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
    }

    /// The value stored at `key`, or nil.
    func get(_ key: [UInt8]) throws(SQLiteReadError) -> [UInt8]? {
        defer {
            sqlite_nio_sqlite3_reset(point)
            sqlite_nio_sqlite3_clear_bindings(point)
        }
        try bind(point, 1, key)
        switch sqlite_nio_sqlite3_step(point) {
        case SQLITE_ROW: return column(point, 0)
        case SQLITE_DONE: return nil
        case let code: throw failure(code)
        }
    }

    /// Vault's list semantics for the children of `prefix` sorting after `after` (byte order),
    /// at most `limit` of them (0 or less: all).
    ///
    /// The keys are stepped through in order, and a folder's descendants are skipped with one
    /// seek past them, so the cost is the number of children returned, not of keys below them.
    func children(of prefix: [UInt8], after: [UInt8], limit: Int) throws(SQLiteReadError) -> [String] {
        defer {
            sqlite_nio_sqlite3_reset(range)
            sqlite_nio_sqlite3_clear_bindings(range)
        }
        let upper = SQLiteBackend.successor(of: prefix) ?? Self.beyondAll
        var result: [String] = []
        var lower = prefix + after
        try bind(range, 2, upper)
        seek: while true {
            sqlite_nio_sqlite3_reset(range)
            try bind(range, 1, lower)
            while true {
                let code = sqlite_nio_sqlite3_step(range)
                guard code == SQLITE_ROW else {
                    if code == SQLITE_DONE { break seek }
                    throw failure(code)
                }
                let key = column(range, 0) ?? []
                let rest = key[prefix.count...]
                if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                    // A folder: report it once, then continue past everything below it.
                    let child = Array(rest[...slash])
                    if child.lexicographicallyPrecedes(after) || child == after {
                        // `after` points inside this folder; its later siblings still follow.
                    } else {
                        result.append(String(decoding: child, as: UTF8.self))
                        if limit > 0, result.count >= limit { break seek }
                    }
                    guard let next = SQLiteBackend.successor(of: Array(key[...slash])) else { break seek }
                    lower = next
                    continue seek
                }
                if rest.isEmpty || rest.lexicographicallyPrecedes(after) || rest.elementsEqual(after) { continue }
                result.append(String(decoding: rest, as: UTF8.self))
                if limit > 0, result.count >= limit { break seek }
            }
        }
        return result
    }

    /// Frees what the connection's page cache holds.
    func releaseMemory() { sqlite_nio_sqlite3_db_release_memory(db) }

    /// Runs `body` with SQLite waiting up to `milliseconds` for a lock instead of failing busy.
    func withBusyWait<T>(milliseconds: Int32, _ body: () throws -> T) rethrows -> T {
        sqlite_nio_sqlite3_busy_timeout(db, milliseconds)
        defer { sqlite_nio_sqlite3_busy_timeout(db, 0) }
        return try body()
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ bytes: [UInt8]) throws(SQLiteReadError) {
        // SQLITE_TRANSIENT: SQLite copies the bytes, so nothing here has to outlive the call.
        let code = bytes.withUnsafeBytes { buffer in
            sqlite_nio_sqlite3_bind_blob(
                statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> [UInt8]? {
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
        guard count > 0, let bytes = sqlite_nio_sqlite3_column_blob(statement, index) else {
            return sqlite_nio_sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : []
        }
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func failure(_ code: Int32) -> SQLiteReadError {
        let primary = code & 0xFF
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED { return .busy }
        return .failed("sqlite: \(Self.message(db)) (code \(code))")
    }
}

/// Why a read failed: busy (another connection holds a lock; worth retrying with a wait) or not.
enum SQLiteReadError: Error {
    case busy
    case failed(String)
}
