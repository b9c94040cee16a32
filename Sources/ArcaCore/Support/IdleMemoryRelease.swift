import Synchronization

/// Gives memory back once the server has gone quiet. A busy period leaves the read caches full
/// (plaintext of the secrets and tokens it read, their decoded forms), the storage's page caches
/// warm and the allocator holding freed pages; a server that then sits idle for hours kept all of
/// it resident, and kept secrets nobody asks for in memory in the clear.
///
/// Every `checkInterval` the task compares the activity count (requests and expiry passes,
/// `ActivityCounter`) with the previous check: when nothing happened in a whole interval and
/// something did since the last release, it runs `release` once. So it fires between one and two
/// intervals after the last request or expiry, and never while either keeps coming. The first
/// requests after it read from storage again: tens of microseconds each, paid only by a server
/// that was idle anyway.
package final class IdleMemoryRelease: Sendable {
    package static let checkInterval = Duration.seconds(2)

    private struct Marks {
        /// The activity count at the previous check.
        var seen: UInt64 = 0
        /// The activity count at the last release.
        var released: UInt64 = 0
    }

    private let activity: ActivityCounter
    private let marks = Mutex(Marks())
    private let task = RepeatingTask(every: IdleMemoryRelease.checkInterval, waitFirst: true)
    private let release: @Sendable () async -> Void

    package init(activity: ActivityCounter, release: @escaping @Sendable () async -> Void) {
        self.activity = activity
        self.release = release
    }

    /// Starts the checks (after unseal). The marks are reset, so the first release comes after
    /// the first quiet interval: the caches unseal filled are released too.
    package func start() {
        let count = activity.value
        marks.withLock { $0 = Marks(seen: count, released: count &- 1) }
        task.start { [self] in
            if !Task.isCancelled { await check() }
        }
    }

    package func stop() { task.stop() }

    /// One check (the task runs it every interval; tests call it directly). Returns whether it
    /// released.
    @discardableResult
    package func check() async -> Bool {
        let count = activity.value
        let due = marks.withLock { m in
            defer { m.seen = count }
            guard count == m.seen, count != m.released else { return false }
            m.released = count
            return true
        }
        if due { await release() }
        return due
    }
}
