import NIOCore
import NIOPosix
import Synchronization

/// Group commit: writes that arrive while a transaction is being committed wait and go into the
/// next one together, so N concurrent writers cost one fsync instead of N. Each caller returns only
/// after the COMMIT that contains its write has returned.
///
/// The writer connection lives on a thread of its own. A caller appends its operations under a
/// lock; the first one to find the writer idle hands it one drain, which commits batch after
/// batch until nothing waits, so a commit costs one hand-off to that thread and one resumption
/// per caller, whatever the number of rows.
final class SQLiteWriteQueue: Sendable {
    private typealias Waiter = CheckedContinuation<Void, any Error>

    private struct State {
        var pending: [(operations: [PhysicalOperation], waiter: Waiter)] = []
        var draining = false
        var closed = false
        /// False once the writer's connection has closed (set on the writer's thread).
        var writerOpen = true
        var commits = 0
    }

    private let connection: SQLiteWriteConnection
    private let thread: NIOThreadPool
    private let checkpointer: SQLiteCheckpointer?
    private let state = Mutex(State())

    var commits: Int { state.withLock { $0.commits } }
    var checkpoints: Int { checkpointer?.checkpoints ?? 0 }

    /// Starts the writer's thread for `connection`, which it owns from now on.
    init(connection: SQLiteWriteConnection, checkpointer: SQLiteCheckpointer? = nil) {
        self.connection = connection
        self.checkpointer = checkpointer
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
    }

    /// Empties the writer's and the checkpointer's page caches.
    func releaseMemory() async {
        try? await thread.runIfActive { self.connection.releaseMemory() }
        await checkpointer?.releaseMemory()
    }

    func submit(_ operations: [PhysicalOperation]) async throws {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let start = state.withLock { s -> Bool? in
                guard !s.closed else { return nil }
                s.pending.append((operations, waiter))
                guard !s.draining else { return false }
                s.draining = true
                return true
            }
            switch start {
            case nil: waiter.resume(throwing: PhysicalError.backend("sqlite: the store is closed"))
            case true?: startDrain()
            case false?: break
            }
        }
    }

    /// Hands the writer a drain. Called on an event loop, it goes behind the work that loop has
    /// queued already: the requests it read in the same turn submit their writes first, and one
    /// commit takes them all.
    private func startDrain() {
        let kick: @Sendable () -> Void = { self.thread.submit { self.drain(active: $0 == .active) } }
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
            loop.execute(kick)
        } else {
            kick()
        }
    }

    /// On the writer's thread: commits what waits, batch by batch, until nothing does. A drain the
    /// thread pool cancels (it is shutting down) fails what waits; nothing of it was written.
    private func drain(active: Bool) {
        while let (batch, writerOpen) = nextBatch() {
            guard active, writerOpen else {
                for item in batch { item.waiter.resume(throwing: PhysicalError.backend("sqlite: the store is closed")) }
                continue
            }
            let (puts, deletes) = Self.collapse(batch.flatMap(\.operations))
            do {
                try connection.commit(puts: puts, deletes: deletes)
                state.withLock { $0.commits += 1 }
                for item in batch { item.waiter.resume() }
                if checkpointer?.committed(walFrames: connection.walFrames) == true { connection.checkpointTail() }
            } catch {
                let failure = PhysicalError.backend("sqlite write failed: \(error)")
                for item in batch { item.waiter.resume(throwing: failure) }
            }
        }
    }

    /// What waits, taken as one batch, and whether the connection is still open; nil (and the
    /// writer idle) when nothing waits.
    private func nextBatch() -> (batch: [(operations: [PhysicalOperation], waiter: Waiter)], writerOpen: Bool)? {
        state.withLock { s in
            guard !s.pending.isEmpty else {
                s.draining = false
                return nil
            }
            defer { s.pending = [] }
            return (s.pending, s.writerOpen)
        }
    }

    /// The final effect of `operations` applied in order: the puts (in first-seen key order) and
    /// the deleted keys. A batch may hold several writers' operations on one key; the last wins.
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

    /// Refuses new writes, lets the writes already queued commit, then stops the writer's thread
    /// and the checkpointer.
    func close() async throws {
        state.withLock { $0.closed = true }
        // The thread runs its work in order: once this runs, every drain queued before it is done;
        // one queued after it (a hand-off an event loop still held) fails its writes.
        try? await thread.runIfActive {
            self.state.withLock { $0.writerOpen = false }
            self.connection.close()
        }
        try await thread.shutdownGracefully()
        try await checkpointer?.close()
    }
}
