import Synchronization

/// Mutual exclusion by key across suspension points: one holder per key at a time, the others
/// queued in arrival order. Actors alone do not give this (a method that awaits storage lets
/// another call in), and a read-modify-write of a stored value (a secret id's use count, a KV
/// key's version) must not interleave.
///
/// A free key is taken without suspending (one short critical section under a mutex), so the
/// usual, uncontended case costs no hop to another executor; only a caller that finds the key
/// held waits, and the releasing holder hands the key straight to the first waiter.
public final class KeyedLock: Sendable {
    /// Keys currently held, each with the callers waiting for it.
    private let held = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    public init() {}

    private func lock(_ key: String) async {
        if take(key) { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            // Queued under the same lock that releases, so a release in between is not missed.
            let free = held.withLock { held -> Bool in
                guard held[key] != nil else {
                    held[key] = []
                    return true
                }
                held[key]?.append(waiter)
                return false
            }
            if free { waiter.resume() }
        }
    }

    private func take(_ key: String) -> Bool {
        held.withLock { held in
            guard held[key] == nil else { return false }
            held[key] = []
            return true
        }
    }

    private func unlock(_ key: String) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard held[key]?.isEmpty == false else {
                held[key] = nil
                return nil
            }
            // The key stays held: it passes to the first waiter.
            return held[key]?.removeFirst()
        }
        next?.resume()
    }

    /// Takes `key` only if it is free (for work that should be skipped, not queued, when busy).
    public func tryLock(_ key: String) async -> Bool { take(key) }

    /// Releases a key taken with `tryLock`.
    public func release(_ key: String) async { unlock(key) }

    /// Runs `body` holding `key`.
    public func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await lock(key)
        defer { unlock(key) }
        return try await body()
    }
}
