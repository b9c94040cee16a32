/// Mutual exclusion by key across suspension points: one holder per key at a time, the others
/// queued in arrival order. Actors alone do not give this (a method that awaits storage lets
/// another call in), and a read-modify-write of a stored value (a secret id's use count, a KV
/// key's version) must not interleave.
public actor KeyedLock {
    public init() {}

    /// Keys currently held, each with the callers waiting for it.
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    private func lock(_ key: String) async {
        guard waiters[key] != nil else {
            waiters[key] = []
            return
        }
        await withCheckedContinuation { waiters[key]?.append($0) }
    }

    private func unlock(_ key: String) {
        guard var queue = waiters[key], !queue.isEmpty else {
            waiters[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiters[key] = queue
        next.resume()
    }

    /// Takes `key` only if it is free (for work that should be skipped, not queued, when busy).
    public func tryLock(_ key: String) -> Bool {
        guard waiters[key] == nil else { return false }
        waiters[key] = []
        return true
    }

    /// Releases a key taken with `tryLock`.
    public func release(_ key: String) { unlock(key) }

    /// Runs `body` holding `key`.
    public nonisolated func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await lock(key)
        do {
            let result = try await body()
            await unlock(key)
            return result
        } catch {
            await unlock(key)
            throw error
        }
    }
}
