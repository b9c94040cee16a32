import ArcaSDK
import Synchronization
import Testing

@Suite struct KeyedLockTests {
    /// Counts the holders of one key at a time, and the most there ever were.
    final class Occupancy: Sendable {
        private let state = Mutex((now: 0, most: 0, order: [Int]()))
        func enter(_ id: Int) { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.order.append(id) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
        var order: [Int] { state.withLock { $0.order } }
    }

    @Test("one holder per key at a time, even when bodies suspend")
    func exclusive() async throws {
        let lock = KeyedLock()
        let occupancy = Occupancy()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await lock.withLock("k") {
                        occupancy.enter(i)
                        await Task.yield()
                        try await Task.sleep(for: .microseconds(50))
                        occupancy.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(occupancy.most == 1)
        #expect(occupancy.order.count == 200)
    }

    @Test("waiters get the key in the order they asked for it")
    func fifo() async throws {
        let lock = KeyedLock()
        let occupancy = Occupancy()
        #expect(await lock.tryLock("k"))
        var tasks: [Task<Void, any Error>] = []
        for i in 0..<5 {
            tasks.append(Task { try await lock.withLock("k") { occupancy.enter(i); occupancy.leave() } })
            // Let each waiter queue before the next one starts.
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(occupancy.order.isEmpty, "nobody runs while the key is held")
        await lock.release("k")
        for task in tasks { try await task.value }
        #expect(occupancy.order == [0, 1, 2, 3, 4])
    }

    @Test("other keys are not blocked, a failing body releases its key, tryLock does not queue")
    func independence() async throws {
        let lock = KeyedLock()
        #expect(await lock.tryLock("a"))
        #expect(await !lock.tryLock("a"))
        #expect(try await lock.withLock("b") { 1 } == 1, "another key is free")
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await lock.withLock("c") { throw Boom() } }
        #expect(await lock.tryLock("c"), "a thrown error released the key")
        await lock.release("c")
        await lock.release("a")
        #expect(await lock.tryLock("a"))
        await lock.release("a")
    }
}
