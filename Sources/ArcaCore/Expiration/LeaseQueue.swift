import ArcaStorage

/// The in-memory schedule of pending expirations: a binary min-heap of (deadline, lease id) with
/// lazy deletion. A lease's current deadline is kept in a dictionary; heap items whose deadline
/// no longer matches are stale and skipped. Not thread-safe: `LeaseSchedule` guards it with a Mutex.
/// Once a burst of expiries has emptied most of it, it gives the room back.
struct LeaseQueue: Sendable {
    private struct Item: Sendable {
        var deadline: Double
        var leaseID: String
    }

    private var heap: [Item] = []
    /// Sharded: it holds one entry per live lease, and a plain dictionary's growth paused the
    /// server for tens of milliseconds at 10^5 leases.
    private var deadlines = ShardedDictionary<Double>()

    var count: Int { deadlines.count }
    var isEmpty: Bool { deadlines.isEmpty }

    /// Schedules `leaseID` at `deadline`, replacing any earlier schedule for it.
    mutating func schedule(_ leaseID: String, at deadline: Double) {
        deadlines[leaseID] = deadline
        heap.append(Item(deadline: deadline, leaseID: leaseID))
        siftUp(heap.count - 1)
        // Rebuild when stale items dominate, so memory stays proportional to live leases.
        if heap.count > 64 && heap.count > 4 * deadlines.count { rebuild() }
    }

    mutating func remove(_ leaseID: String) { deadlines[leaseID] = nil }

    func deadline(of leaseID: String) -> Double? { deadlines[leaseID] }

    /// The earliest live deadline.
    mutating func nextDeadline() -> Double? {
        dropStale()
        return heap.first?.deadline
    }

    /// Removes and returns every lease due at `now` (at most `limit`).
    mutating func popDue(now: Double, limit: Int = .max) -> [String] {
        var due: [String] = []
        while due.count < limit {
            dropStale()
            guard let top = heap.first, top.deadline <= now else { break }
            popTop()
            deadlines[top.leaseID] = nil
            due.append(top.leaseID)
        }
        if !due.isEmpty { shrinkIfSparse() }
        return due
    }

    private mutating func shrinkIfSparse() {
        deadlines.shrinkIfSparse()
        guard heap.capacity > 4096, heap.count < heap.capacity / 4 else { return }
        var copy: [Item] = []
        copy.reserveCapacity(heap.count * 2)
        copy.append(contentsOf: heap)
        heap = copy
    }

    mutating func removeAll() {
        heap = []
        deadlines.removeAll()
    }

    private mutating func dropStale() {
        while let top = heap.first, deadlines[top.leaseID] != top.deadline { popTop() }
    }

    private mutating func rebuild() {
        heap = deadlines.map { Item(deadline: $0.value, leaseID: $0.key) }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count && heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
