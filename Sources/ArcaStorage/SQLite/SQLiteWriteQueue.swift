import NIOCore
import SQLiteNIO

/// Group commit: writes that arrive while a transaction is being committed wait and go into the
/// next one together, so N concurrent writers cost one fsync instead of N. Each caller returns only
/// after the COMMIT that contains its write has returned.
actor SQLiteWriteQueue {
    private typealias Waiter = CheckedContinuation<Void, any Error>

    private let connection: SQLiteConnection
    private var pending: [(operations: [PhysicalOperation], waiter: Waiter)] = []
    private var draining = false
    private(set) var commits = 0

    init(connection: SQLiteConnection) { self.connection = connection }

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
            } catch {
                let failure = PhysicalError.backend("sqlite write failed: \(error)")
                for item in batch { item.waiter.resume(throwing: failure) }
            }
        }
        draining = false
    }

    private func commit(_ operations: [PhysicalOperation]) async throws {
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            for op in operations {
                switch op {
                case .put(let e):
                    _ = try await connection.query(
                        "INSERT INTO entries (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        [.blob(SQLiteBackend.blob(e.key)), .blob(ByteBuffer(bytes: e.value))])
                case .delete(let k):
                    _ = try await connection.query("DELETE FROM entries WHERE key = ?", [.blob(SQLiteBackend.blob(k))])
                }
            }
            _ = try await connection.query("COMMIT")
            commits += 1
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    func close() async throws {
        try await connection.close()
    }
}
