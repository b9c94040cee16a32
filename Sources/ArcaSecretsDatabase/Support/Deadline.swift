import Synchronization

/// Runs `operation` but answers within `seconds`: a database that is down gives an error, never a
/// hang. The operation is cancelled and left to finish on its own if it overruns.
enum Deadline {
    struct Expired: Error {}

    /// Lets exactly one of the racers resume the continuation.
    final class Once: Sendable {
        private let taken = Mutex(false)
        func claim() -> Bool {
            taken.withLock { done in
                defer { done = true }
                return !done
            }
        }
    }

    static func run<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                do {
                    let value = try await operation()
                    if once.claim() { continuation.resume(returning: value) }
                } catch {
                    if once.claim() { continuation.resume(throwing: error) }
                }
            }
            Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                if once.claim() {
                    work.cancel()
                    continuation.resume(throwing: Expired())
                }
            }
        }
    }
}
