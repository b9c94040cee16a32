import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#endif

/// Copies the WAL back into the database file from a connection and a thread of its own, so a
/// commit never waits for a checkpoint: the writer's own automatic checkpoint (which runs inside
/// the commit that crosses its threshold) made every few hundredth single-connection write tens
/// of milliseconds slower, the p99 of token creation.
///
/// After every `commitsPerCheckpoint` commits it runs one PASSIVE checkpoint (it never blocks the
/// writer or the readers). The writer keeps a far higher automatic threshold as a safety net, for
/// a load so steady that passive checkpoints never catch up with the end of the WAL.
actor SQLiteCheckpointer {
    static let commitsPerCheckpoint = 64

    private let connection: SQLiteConnection
    private let thread: NIOThreadPool
    private var commitsSince = 0
    private var running: Task<Void, Never>?
    private(set) var checkpoints = 0

    private init(connection: SQLiteConnection, thread: NIOThreadPool) {
        self.connection = connection
        self.thread = thread
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteCheckpointer {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            try await thread.runIfActive { lowerPriority() }
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: thread, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
            _ = try await connection.query("PRAGMA busy_timeout=10000")
            return SQLiteCheckpointer(connection: connection, thread: thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }

    /// The writer committed a transaction.
    func committed() {
        commitsSince += 1
        guard running == nil, commitsSince >= Self.commitsPerCheckpoint else { return }
        commitsSince = 0
        running = Task { await self.run() }
    }

    private func run() async {
        // A failed checkpoint loses nothing (the frames stay in the WAL); the next one retries.
        _ = try? await connection.query("PRAGMA wal_checkpoint(PASSIVE)")
        checkpoints += 1
        running = nil
        if commitsSince >= Self.commitsPerCheckpoint {
            commitsSince = 0
            running = Task { await self.run() }
        }
    }

    /// Background work: a checkpoint's page copies and fsync give way to request handling on a
    /// busy core (nice 10 for this thread only).
    private static func lowerPriority() {
        #if os(Linux)
        // The thread id, from /proc/thread-self -> "<pid>/task/<tid>" (Glibc's module has no gettid).
        var link = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self", &link, link.count - 1)
        guard n > 0 else { return }
        let text = String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let last = text.split(separator: "/").last, let tid = id_t(last) else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, 10)
        #endif
    }

    func releaseMemory() async {
        _ = try? await connection.query(SQLiteBackend.shrinkMemory)
    }

    func close() async throws {
        while let task = running { await task.value }
        try await connection.close()
        try await thread.shutdownGracefully()
    }
}
