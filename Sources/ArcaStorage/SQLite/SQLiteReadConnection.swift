/// One read-only SQLite connection that keeps its statements prepared, so a point read is a bind,
/// one step and a reset on the calling thread: no statement compiled per query and no hop to a
/// thread pool and back.
///
/// Not thread-safe (hence unchecked): `SQLiteReaders` lends each connection to one caller at a
/// time. Every operation resets its statement before returning, so no read transaction outlives
/// a call (a held snapshot would stall checkpoints and serve stale data).
final class SQLiteReadConnection: @unchecked Sendable {
    private let handle: SQLiteHandle
    private let point: SQLiteStatement
    private let range: SQLiteStatement

    static let pointSQL = "SELECT value FROM entries WHERE key = ?1"
    static let rangeSQL = "SELECT key FROM entries WHERE key >= ?1 AND key < ?2 ORDER BY key"
    /// Past every key: the range's upper bound when a prefix has no byte-string successor.
    static let beyondAll: [UInt8] = [UInt8](repeating: 0xFF, count: KeyValidation.maxKeyLength + 1)

    private init(handle: SQLiteHandle, point: SQLiteStatement, range: SQLiteStatement) {
        self.handle = handle
        self.point = point
        self.range = range
    }

    /// Opens `path`, which must exist (the writer created it and its table).
    static func open(path: String) throws(PhysicalError) -> SQLiteReadConnection {
        let handle = try SQLiteHandle.open(path: path, create: false)
        // Busy waits are the caller's choice (`withBusyWait`); inline reads never sleep.
        handle.busyTimeout(milliseconds: 0)
        do {
            try handle.exec("PRAGMA query_only=1")
            return SQLiteReadConnection(handle: handle, point: try handle.prepare(pointSQL), range: try handle.prepare(rangeSQL))
        } catch {
            throw .backend("sqlite: cannot prepare the reader's statements: \(error)")
        }
    }

    /// The value stored at `key`, or nil.
    func get(_ key: [UInt8]) throws(SQLiteCallError) -> [UInt8]? {
        defer { point.reset() }
        try point.bind(1, key)
        return try point.step() ? point.column(0) : nil
    }

    /// Vault's list semantics for the children of `prefix` sorting after `after` (byte order),
    /// at most `limit` of them (0 or less: all).
    ///
    /// The keys are stepped through in order, and a folder's descendants are skipped with one
    /// seek past them, so the cost is the number of children returned, not of keys below them.
    func children(of prefix: [UInt8], after: [UInt8], limit: Int) throws(SQLiteCallError) -> [String] {
        defer { range.reset() }
        let upper = SQLiteBackend.successor(of: prefix) ?? Self.beyondAll
        var result: [String] = []
        var lower = prefix + after
        try range.bind(2, upper)
        seek: while true {
            range.rewind()
            try range.bind(1, lower)
            while try range.step() {
                let key = range.column(0) ?? []
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
            break seek
        }
        return result
    }

    /// Frees what the connection's page cache holds.
    func releaseMemory() { handle.releaseMemory() }

    /// Runs `body` with SQLite waiting up to `milliseconds` for a lock instead of failing busy.
    func withBusyWait<T>(milliseconds: Int32, _ body: () throws -> T) rethrows -> T {
        handle.busyTimeout(milliseconds: milliseconds)
        defer { handle.busyTimeout(milliseconds: 0) }
        return try body()
    }
}
