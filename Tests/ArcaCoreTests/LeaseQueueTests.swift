@testable import ArcaCore
import Testing

@Suite struct LeaseQueueTests {
    @Test("due leases come out in deadline order; rescheduled and removed ones are skipped")
    func order() {
        var q = LeaseQueue()
        q.schedule("c", at: 30)
        q.schedule("a", at: 10)
        q.schedule("b", at: 20)
        q.schedule("a", at: 25)  // moved later
        q.remove("c")
        #expect(q.popDue(now: 22).isEmpty == false)
        #expect(q.count == 1)
        #expect(q.nextDeadline() == 25)
        #expect(q.popDue(now: 100) == ["a"])
        #expect(q.isEmpty)
    }

    @Test("after a burst empties most of a large schedule, the rest still comes out in order")
    func shrinkKeepsTheRest() {
        var q = LeaseQueue()
        for i in 0..<20_000 { q.schedule("l\(i)", at: Double(i)) }
        let first = q.popDue(now: 19_899.5, limit: .max)
        #expect(first.count == 19_900)
        #expect(first.first == "l0" && first.last == "l19899")
        #expect(q.count == 100)
        #expect(q.nextDeadline() == 19_900)
        #expect(q.popDue(now: 30_000) == (19_900..<20_000).map { "l\($0)" })
    }
}
