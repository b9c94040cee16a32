import NIOCore
import SQLiteNIO

/// Group commit: writes that arrive while a transaction is being committed wait and go into the
/// next one together, so N concurrent writers cost one fsync instead of N. Each caller returns only
/// after the COMMIT that contains its write has returned.
actor SQLiteWriteQueue {
    private typealias Waiter = CheckedContinuation<Void, any Error>

    private let connection: SQLiteConnection
    private let checkpointer: SQLiteCheckpointer?
    private var pending: [(operations: [PhysicalOperation], waiter: Waiter)] = []
    private var draining = false
    private(set) var commits = 0
    var checkpoints: Int { get async { await checkpointer?.checkpoints ?? 0 } }

    init(connection: SQLiteConnection, checkpointer: SQLiteCheckpointer? = nil) {
        self.connection = connection
        self.checkpointer = checkpointer
    }

    /// Empties the writer's and the checkpointer's page caches.
    func releaseMemory() async {
        _ = try? await connection.query(SQLiteBackend.shrinkMemory)
        await checkpointer?.releaseMemory()
    }

    func submit(_ operations: [PhysicalOperation]) async throws {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            pending.append((operations, waiter))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await commit(batch.flatMap(\.operations))
                for item in batch { item.waiter.resume() }
                await checkpointer?.committed()
            } catch {
                let failure = PhysicalError.backend("sqlite write failed: \(error)")
                for item in batch { item.waiter.resume(throwing: failure) }
            }
        }
        draining = false
    }

    /// One transaction for the whole batch. Each key's last operation wins (the batch may hold
    /// several writers' operations on one key), and all puts go in one multi-row statement, all
    /// deletes in another: four round trips to SQLite's thread whatever the batch size.
    private func commit(_ operations: [PhysicalOperation]) async throws {
        let (puts, deletes) = Self.collapse(operations)
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            for chunk in puts.chunked(Self.rowsPerStatement) {
                let rows = Array(repeating: "(?, ?)", count: chunk.count).joined(separator: ", ")
                _ = try await connection.query(
                    "INSERT INTO entries (key, value) VALUES \(rows) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    chunk.flatMap { [SQLiteData.blob(SQLiteBackend.blob($0.key)), .blob(ByteBuffer(bytes: $0.value))] })
            }
            for chunk in deletes.chunked(Self.rowsPerStatement * 2) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                _ = try await connection.query(
                    "DELETE FROM entries WHERE key IN (\(marks))", chunk.map { .blob(SQLiteBackend.blob($0)) })
            }
            _ = try await connection.query("COMMIT")
            commits += 1
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    /// Rows per INSERT: two bound values each, well inside SQLite's limit on bound parameters.
    static let rowsPerStatement = 500

    /// The final effect of `operations` applied in order: the puts (in first-seen key order) and
    /// the deleted keys.
    static func collapse(_ operations: [PhysicalOperation]) -> (puts: [PhysicalEntry], deletes: [String]) {
        var last: [String: Int] = [:]
        for (i, op) in operations.enumerated() {
            switch op {
            case .put(let e): last[e.key] = i
            case .delete(let k): last[k] = i
            }
        }
        var puts: [PhysicalEntry] = [], deletes: [String] = []
        for (i, op) in operations.enumerated() {
            switch op {
            case .put(let e) where last[e.key] == i: puts.append(e)
            case .delete(let k) where last[k] == i: deletes.append(k)
            default: continue
            }
        }
        return (puts, deletes)
    }

    func close() async throws {
        try await checkpointer?.close()
        try await connection.close()
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
