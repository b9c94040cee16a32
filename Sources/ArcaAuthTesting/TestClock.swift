import Synchronization

/// A settable wall clock.
package final class TestClock: Sendable {
    package init() {}

    private let seconds = Mutex<Double>(1_800_000_000)
    package var now: Double { seconds.withLock { $0 } }
    package func advance(_ s: Double) { seconds.withLock { $0 += s } }
}
