import Synchronization

/// The expiration manager's schedule, safe to share: a `LeaseQueue` behind a lock. Every
/// operation is one short critical section and none awaits.
final class LeaseSchedule: Sendable {
    private let queue = Mutex(LeaseQueue())

    var count: Int { queue.withLock { $0.count } }

    func schedule(_ leaseID: String, at deadline: Double) { queue.withLock { $0.schedule(leaseID, at: deadline) } }

    /// Schedules `leaseID` unless it is scheduled already (a renewal since got there first).
    func scheduleIfAbsent(_ leaseID: String, at deadline: Double) {
        queue.withLock { q in
            if q.deadline(of: leaseID) == nil { q.schedule(leaseID, at: deadline) }
        }
    }

    func remove(_ leaseID: String) { queue.withLock { $0.remove(leaseID) } }

    func popDue(now: Double, limit: Int) -> [String] { queue.withLock { $0.popDue(now: now, limit: limit) } }

    func nextDeadline() -> Double? { queue.withLock { $0.nextDeadline() } }

    func removeAll() { queue.withLock { $0.removeAll() } }
}
