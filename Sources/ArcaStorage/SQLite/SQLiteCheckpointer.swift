import NIOPosix
import Synchronization

/// Copies the WAL back into the database file from a connection and a thread of its own, so a
/// commit never waits for a checkpoint: the writer's own automatic checkpoint (which runs inside
/// the commit that crosses its threshold) made every few hundredth single-connection write tens
/// of milliseconds slower, the p99 of token creation.
///
/// After every `commitsPerCheckpoint` commits it runs one PASSIVE checkpoint (it never blocks the
/// writer or the readers). The writer keeps a far higher automatic threshold as a safety net, for
/// a load so steady that passive checkpoints never catch up with the end of the WAL.
final class SQLiteCheckpointer: Sendable {
    static let commitsPerCheckpoint = 64
    /// How long a checkpoint waits for a lock (a reader recovering the WAL index) before it gives up.
    static let busyWaitMilliseconds: Int32 = 10_000

    private struct State {
        var commitsSince = 0
        var running = false
        var checkpoints = 0
    }

    private let handle: SQLiteHandle
    private let thread: NIOThreadPool
    private let state = Mutex(State())

    /// How many checkpoints have run.
    var checkpoints: Int { state.withLock { $0.checkpoints } }

    private init(handle: SQLiteHandle, thread: NIOThreadPool) {
        self.handle = handle
        self.thread = thread
    }

    /// Opens its connection to `path` (created by the writer) and starts its thread.
    static func open(path: String) async throws -> SQLiteCheckpointer {
        let handle = try SQLiteHandle.open(path: path, create: false)
        handle.busyTimeout(milliseconds: busyWaitMilliseconds)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        // Background work: a checkpoint's page copies and fsync give way to request handling on a
        // busy core.
        try await thread.runIfActive { ThreadPriority.setCurrent(nice: 10) }
        return SQLiteCheckpointer(handle: handle, thread: thread)
    }

    /// The writer committed a transaction (called on the writer's thread).
    func committed() {
        let start = state.withLock { s -> Bool in
            s.commitsSince += 1
            guard !s.running, s.commitsSince >= Self.commitsPerCheckpoint else { return false }
            s.running = true
            return true
        }
        if start { thread.submit { self.run(active: $0 == .active) } }
    }

    /// On the checkpointer's thread: checkpoints while `commitsPerCheckpoint` commits have come
    /// since the last one started.
    private func run(active: Bool) {
        guard active else { return state.withLock { $0.running = false } }
        while takeDue() {
            // A failed checkpoint loses nothing (the frames stay in the WAL); the next one retries.
            try? handle.exec("PRAGMA wal_checkpoint(PASSIVE)")
            state.withLock { $0.checkpoints += 1 }
        }
    }

    /// Whether a checkpoint is due, counting it as started; when none is, the checkpointer idles.
    private func takeDue() -> Bool {
        state.withLock { s in
            guard s.commitsSince >= Self.commitsPerCheckpoint else {
                s.running = false
                return false
            }
            s.commitsSince = 0
            return true
        }
    }

    func releaseMemory() async {
        try? await thread.runIfActive { self.handle.releaseMemory() }
    }

    /// Waits for a running checkpoint, then closes the connection and stops the thread.
    func close() async throws {
        try? await thread.runIfActive { self.handle.close() }
        try await thread.shutdownGracefully()
    }
}
