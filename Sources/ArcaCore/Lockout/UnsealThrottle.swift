import ArcaSDK
import FoundationEssentials
import Synchronization

/// Slows down guessing at `sys/unseal`, which answers anyone: each client (an IPv4 address or an
/// IPv6 /64) has its failed submissions counted, a malformed key or a set of keys that does not
/// open the barrier. The first `freeFailures` cost nothing, so an operator's typos never wait;
/// after that the client must wait 1 s, 2 s, 4 s … (at most `maxDelay`) after its last failure
/// before its next submission is looked at, and one sent sooner is answered 429 without touching
/// the unseal progress. A count is forgotten `forgetAfter` seconds after its last failure, and all
/// counts when the barrier unseals. Accepted shares never count: one share cannot be checked alone.
///
/// Vault has no such limit. Behind a proxy every client shares the proxy's address; the limit
/// then applies to all of them together, which still lets a legitimate unseal through after the
/// wait. At most `maxClients` counts are kept; past that, the stalest is dropped.
package final class UnsealThrottle: Sendable {
    struct Failures {
        var count: Int
        var last: Date
    }

    static let freeFailures = 5
    static let maxDelay: Double = 60
    static let forgetAfter: Double = 900
    package static let maxClients = 4096

    let clock: any WallClock
    private let failures = Mutex<[String: Failures]>([:])

    package init(clock: any WallClock) { self.clock = clock }

    /// Seconds `client` must still wait before a submission is looked at; 0 when it may go on.
    package func delay(for client: String) -> Double {
        let now = clock.now()
        return failures.withLock { table in
            guard let f = table[client] else { return 0 }
            let since = now.timeIntervalSince(f.last)
            if since >= Self.forgetAfter { return 0 }
            return max(Self.backoff(afterFailures: f.count) - since, 0)
        }
    }

    /// The wait after the `count`th failure.
    static func backoff(afterFailures count: Int) -> Double {
        guard count > freeFailures else { return 0 }
        let doublings = min(count - freeFailures - 1, 16)
        return min(Double(1 << doublings), maxDelay)
    }

    /// Runs one submission from `client` (nil: the address is unknown, and all such share a
    /// count), throttled; the errors of a bad key are counted.
    package func submit(from client: String?, _ body: () async throws -> SealState) async throws -> SealState {
        let key = client ?? ""
        let wait = delay(for: key)
        if wait > 0 {
            throw LogicalError.coded(
                status: 429,
                message: "too many failed unseal attempts from this address; try again in \(Int(wait.rounded(.up))) seconds")
        }
        do {
            let state = try await body()
            if !state.sealed { failures.withLock { $0.removeAll() } }
            return state
        } catch let error as SealError {
            switch error {
            case .undecodableShare, .invalidShare, .wrongShares: noteFailure(key)
            default: break
            }
            throw error
        }
    }

    /// Counts one failed submission from `client`.
    package func noteFailure(_ client: String) {
        let now = clock.now()
        failures.withLock { table in
            var f = table[client] ?? Failures(count: 0, last: now)
            if now.timeIntervalSince(f.last) >= Self.forgetAfter { f.count = 0 }
            f.count = f.count == .max ? .max : f.count + 1
            f.last = now
            if table[client] == nil && table.count >= Self.maxClients { Self.evict(&table, now: now) }
            table[client] = f
        }
    }

    /// How many clients have a count.
    package var trackedClients: Int { failures.withLock { $0.count } }

    /// Makes room: drops the forgotten counts, or else the one whose last failure is oldest.
    private static func evict(_ table: inout [String: Failures], now: Date) {
        table = table.filter { now.timeIntervalSince($0.value.last) < forgetAfter }
        if table.count >= maxClients, let oldest = table.min(by: { $0.value.last < $1.value.last })?.key {
            table[oldest] = nil
        }
    }
}
