import Glibc
import NIOPosix
import Synchronization

/// Copies the WAL back into the database file from a connection and a thread of its own, so a
/// commit never waits for the bulk of a checkpoint: the writer's own automatic checkpoint (which
/// runs inside the commit that crosses its threshold) made every few hundredth single-connection
/// write tens of milliseconds slower, the p99 of token creation.
///
/// After every `commitsPerCheckpoint` commits, or sooner once `framesPerCheckpoint` WAL frames
/// were added (writes to many distinct pages, as in a large store), it runs a PASSIVE checkpoint
/// (it never blocks the writer or the readers), then flushes the database file with an
/// `fdatasync` of its own; while a pass leaves more than `maxTailFrames` behind it runs another.
/// Under a steady load the writer appends frames while that pass copies, and SQLite syncs the database
/// file and lets the WAL start over only when a checkpoint reaches the end of the WAL, which such
/// a pass never does. So the pass then asks the writer for the tail: between two transactions the
/// writer checkpoints the few frames added meanwhile (`SQLiteWriteConnection.checkpointTail`), and
/// its sync of the database file is short because this thread has flushed the rest already.
/// Without the tail the WAL grew to the writer's automatic threshold and the writer synced
/// thousands of copied pages inside a commit, 10-30 ms about once a second at one connection.
/// Counting commits alone did the same in a store of 10^5 keys at 32 connections: each commit
/// of random keys adds about a hundred frames, so the threshold (`SQLiteBackend.checkpointPages`)
/// came every 40 commits, before the checkpointer's 64, and the writer stalled in its own
/// checkpoints (database fsync 8-27 ms) several times a second. The writer keeps that threshold
/// as a safety net.
final class SQLiteCheckpointer: Sendable {
    static let commitsPerCheckpoint = 64
    static let framesPerCheckpoint = 1000
    /// The most frames a pass leaves to the writer's tail before another pass runs (up to
    /// `maxPasses`): this thread gives way to requests, so a pass can take long enough for the
    /// writer to add thousands.
    static let maxTailFrames = 256
    static let maxPasses = 4
    /// How long a checkpoint waits for a lock (a reader recovering the WAL index) before it gives up.
    static let busyWaitMilliseconds: Int32 = 10_000

    private struct State {
        var commitsSince = 0
        var framesSince = 0
        /// The WAL's size after the previous commit (smaller after it started over).
        var walFrames = 0

        var due: Bool {
            commitsSince >= SQLiteCheckpointer.commitsPerCheckpoint || framesSince >= SQLiteCheckpointer.framesPerCheckpoint
        }
        var running = false
        var checkpoints = 0
        /// A pass has finished: the writer's next commit checkpoints the tail of the WAL.
        var tailDue = false
    }

    private let handle: SQLiteHandle
    /// The database file, opened once more for `fdatasync` (-1 if it could not be).
    private let databaseFile: Int32
    private let thread: NIOThreadPool
    private let state = Mutex(State())

    /// How many checkpoints have run.
    var checkpoints: Int { state.withLock { $0.checkpoints } }

    private init(handle: SQLiteHandle, databaseFile: Int32, thread: NIOThreadPool) {
        self.handle = handle
        self.databaseFile = databaseFile
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
        return SQLiteCheckpointer(handle: handle, databaseFile: Glibc.open(path, O_RDONLY | O_CLOEXEC), thread: thread)
    }

    /// The writer committed a transaction that left `walFrames` frames in the WAL (called on the
    /// writer's thread). Returns whether the writer should now checkpoint the tail of the WAL.
    func committed(walFrames: Int) -> Bool {
        let (start, tail) = state.withLock { s -> (Bool, Bool) in
            s.commitsSince += 1
            s.framesSince += walFrames >= s.walFrames ? walFrames - s.walFrames : walFrames
            s.walFrames = walFrames
            let tail = s.tailDue
            s.tailDue = false
            guard !s.running, s.due else { return (false, tail) }
            s.running = true
            return (true, tail)
        }
        if start { thread.submit { self.run(active: $0 == .active) } }
        return tail
    }

    /// On the checkpointer's thread: checkpoints while one is due (see the type's documentation).
    private func run(active: Bool) {
        guard active else { return state.withLock { $0.running = false } }
        while takeDue() {
            // Each pass copies what the writer appended during the one before. A failed
            // checkpoint loses nothing (the frames stay in the WAL); the next one retries.
            for _ in 0..<Self.maxPasses {
                let pass = handle.checkpointPassive()
                if databaseFile >= 0 { _ = fdatasync(databaseFile) }
                guard let pass, pass.frames - pass.copied > Self.maxTailFrames else { break }
            }
            state.withLock { s in
                s.checkpoints += 1
                s.tailDue = true
            }
        }
    }

    /// Whether a checkpoint is due, counting it as started; when none is, the checkpointer idles.
    private func takeDue() -> Bool {
        state.withLock { s in
            guard s.due else {
                s.running = false
                return false
            }
            s.commitsSince = 0
            s.framesSince = 0
            return true
        }
    }

    func releaseMemory() async {
        try? await thread.runIfActive { self.handle.releaseMemory() }
    }

    /// Waits for a running checkpoint, then closes the connection and stops the thread.
    func close() async throws {
        try? await thread.runIfActive {
            self.handle.close()
            if self.databaseFile >= 0 { _ = Glibc.close(self.databaseFile) }
        }
        try await thread.shutdownGracefully()
    }
}
