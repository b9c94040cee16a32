import Synchronization

/// One background task that runs a body again and again, `interval` apart, until stopped.
/// Starting it again replaces the running one. The core's periodic runner and idle memory
/// release each own one, started after unseal and stopped before seal.
package final class RepeatingTask: Sendable {
    private let interval: Duration
    /// Whether the first run waits one interval (true) or starts at once.
    private let waitFirst: Bool
    private let task = Mutex<Task<Void, Never>?>(nil)

    package init(every interval: Duration, waitFirst: Bool) {
        self.interval = interval
        self.waitFirst = waitFirst
    }

    package func start(_ body: @escaping @Sendable () async -> Void) {
        stop()
        let interval = interval, waitFirst = waitFirst
        let t = Task {
            if waitFirst { try? await Task.sleep(for: interval) }
            while !Task.isCancelled {
                await body()
                try? await Task.sleep(for: interval)
            }
        }
        task.withLock { $0 = t }
    }

    package func stop() {
        let t = task.withLock { t in
            defer { t = nil }
            return t
        }
        t?.cancel()
    }
}
