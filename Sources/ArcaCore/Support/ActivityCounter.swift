import Synchronization

/// Counts the work the server does for its clients: requests, and the expiry passes that revoke
/// their leases. `IdleMemoryRelease` reads it to tell when the server has gone quiet. One relaxed
/// atomic add per request.
package final class ActivityCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    package init() {}

    package func note() { count.add(1, ordering: .relaxed) }

    package var value: UInt64 { count.load(ordering: .relaxed) }
}
