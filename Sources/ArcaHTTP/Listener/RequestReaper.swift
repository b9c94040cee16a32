import Hummingbird
import Synchronization

/// The running requests of one listener with their deadlines. A sweep, a few times per limit,
/// cancels those past their deadline; it runs only while requests are in flight, so an idle
/// listener (or a test's router) leaves nothing running.
package final class RequestReaper: Sendable {
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let task: Task<Response, any Error>
        var expired = false
    }

    private struct State {
        var nextID: UInt64 = 0
        var running: [UInt64: Entry] = [:]
        var sweeping = false
    }

    let limit: Duration
    /// How often the sweep looks: a quarter of the limit, between 10 ms and 1 s. A request may
    /// run up to this much past its limit before it is cancelled.
    let interval: Duration
    private let clock = ContinuousClock()
    private let state = Mutex(State())

    init(limit: Duration) {
        self.limit = limit
        interval = min(max(limit / 4, .milliseconds(10)), .seconds(1))
    }

    /// Registers a request's task; starts the sweep if none is running.
    func track(_ task: Task<Response, any Error>) -> UInt64 {
        let deadline = clock.now + limit
        let (id, start) = state.withLock { s in
            s.nextID &+= 1
            s.running[s.nextID] = Entry(deadline: deadline, task: task)
            defer { s.sweeping = true }
            return (s.nextID, !s.sweeping)
        }
        if start { Task { await sweep() } }
        return id
    }

    /// Forgets a finished request; whether it had been cancelled for its deadline.
    func finish(_ id: UInt64) -> Bool {
        state.withLock { $0.running.removeValue(forKey: id)?.expired ?? false }
    }

    private func sweep() async {
        while true {
            try? await Task.sleep(for: interval)
            let now = clock.now
            let (late, done) = state.withLock { s -> ([Task<Response, any Error>], Bool) in
                var late: [Task<Response, any Error>] = []
                for (id, entry) in s.running where !entry.expired && entry.deadline <= now {
                    s.running[id]?.expired = true
                    late.append(entry.task)
                }
                if s.running.isEmpty { s.sweeping = false }
                return (late, s.running.isEmpty)
            }
            for task in late { task.cancel() }
            if done { return }
        }
    }
}
