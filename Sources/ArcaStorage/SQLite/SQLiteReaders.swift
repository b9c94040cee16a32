import NIOPosix
import Synchronization

/// The read side of `SQLiteBackend`: a pool of `SQLiteReadConnection`s, each lent to one caller
/// at a time. In WAL mode readers never wait for the writer, so the pool needs no more
/// connections than there are threads reading at once; connections open on first need.
///
/// A point read runs on the caller's thread: a lookup of one key in a warm file is a few
/// microseconds, less than the two thread switches of handing it to a thread pool. It does not
/// wait for locks; in the rare case SQLite answers busy (another connection recovering the WAL
/// index), the read is retried on the thread pool with a busy wait. A list reads its first
/// `inlinePage` children on the calling thread too: the folders listed on hot paths (a token's
/// children, its leases, its cubbyhole, when it is revoked) are mostly empty or small, and a
/// bounded scan costs less than the hand-off. The rest of a longer folder is read on the thread
/// pool, after the first page's last child.
final class SQLiteReaders: Sendable {
    private struct State {
        var idle: [SQLiteReadConnection] = []
        var closed = false
    }

    /// Connections kept open between reads; more open while reads overlap, and close after.
    static let maxIdle = 16
    /// Children a list reads on the calling thread before handing the rest to the thread pool.
    static let inlinePage = 32
    /// How long a read retried on the thread pool waits for a lock (as the writer does).
    static let busyWaitMilliseconds: Int32 = 10_000

    private let path: String
    private let state = Mutex(State())

    /// Opens the first connection at once, so a store that cannot be read fails at open.
    init(path: String) throws(PhysicalError) {
        self.path = path
        let first = try Self.openConnection(path)
        state.withLock { $0.idle.append(first) }
    }

    /// A new connection, its files (and every other descriptor on them) advised random access.
    private static func openConnection(_ path: String) throws(PhysicalError) -> SQLiteReadConnection {
        let connection = try SQLiteReadConnection.open(path: path)
        _ = try? connection.get([])  // a first read opens the WAL, so its descriptor is advised too
        RandomAccessAdvice.apply(toFilesOf: path)
        return connection
    }

    /// The value stored at `key`, read on the calling thread (see the type's documentation).
    func get(_ key: String) async throws -> [UInt8]? {
        let bytes = Array(key.utf8)
        do {
            return try withConnection { try $0.get(bytes) }
        } catch SQLiteCallError.busy {
            return try await onThreadPool { c in try c.withBusyWait(milliseconds: Self.busyWaitMilliseconds) { try c.get(bytes) } }
        }
    }

    /// The children of `prefix` after `after`, at most `limit` (0 or less: all; see
    /// `SQLiteReadConnection.children`). A folder longer than `inlinePage` is read in two
    /// statements, so a write committed between them may show in the second part only (as with
    /// a paginated list).
    func children(of prefix: String, after: String, limit: Int) async throws -> [String] {
        let (p, a) = (Array(prefix.utf8), Array(after.utf8))
        let page = limit > 0 ? min(limit, Self.inlinePage) : Self.inlinePage
        let first: [String]
        do {
            first = try withConnection { try $0.children(of: p, after: a, limit: page) }
        } catch SQLiteCallError.busy {
            return try await onThreadPool(children: p, after: a, limit: limit)
        }
        guard first.count == page, page != limit, let last = first.last else { return first }
        return first + (try await onThreadPool(children: p, after: Array(last.utf8), limit: limit > 0 ? limit - page : 0))
    }

    private func onThreadPool(children prefix: [UInt8], after: [UInt8], limit: Int) async throws -> [String] {
        try await onThreadPool { c in
            try c.withBusyWait(milliseconds: Self.busyWaitMilliseconds) { try c.children(of: prefix, after: after, limit: limit) }
        }
    }

    /// Frees the page caches of the idle connections.
    func releaseMemory() {
        state.withLock { s in
            for connection in s.idle { connection.releaseMemory() }
        }
    }

    /// Closes the idle connections; one still lent out closes when it comes back.
    func close() {
        state.withLock { s in
            s.closed = true
            s.idle = []
        }
    }

    private func onThreadPool<T: Sendable>(_ body: @escaping @Sendable (SQLiteReadConnection) throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive { try self.withConnection(body) }
    }

    private func withConnection<T>(_ body: (SQLiteReadConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        do {
            return try body(connection)
        } catch SQLiteCallError.failed(let message) {
            throw PhysicalError.backend(message)
        }
    }

    private func checkOut() throws(PhysicalError) -> SQLiteReadConnection {
        let (idle, closed) = state.withLock { s in (s.closed ? nil : s.idle.popLast(), s.closed) }
        if let idle { return idle }
        if closed { throw .backend("sqlite: the store is closed") }
        return try Self.openConnection(path)
    }

    private func checkIn(_ connection: SQLiteReadConnection) {
        state.withLock { s in
            guard !s.closed, s.idle.count < Self.maxIdle else { return }
            s.idle.append(connection)
        }
    }
}
