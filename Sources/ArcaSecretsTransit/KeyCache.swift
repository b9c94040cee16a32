import ArcaSDK
import ArcaWire
import Synchronization

/// Decoded keys of one mount, so encrypt and sign never re-read or re-parse key material. Every
/// write goes through `save`/`remove`, which update the cache after storage; `clear` runs at
/// unmount and seal.
///
/// A read that overlapped a write does not insert what it read (a generation counter), so the
/// cache never holds a key older than storage.
final class KeyCache: Sendable {
    private struct State {
        var entries: [String: KeyPolicy] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    /// `cache-config` size (0 = unbounded); above it the cache is emptied rather than grown.
    let size = Mutex(0)

    func policy(_ name: String, storage: any Storage) async throws -> KeyPolicy? {
        let (cached, generation) = state.withLock { ($0.entries[name], $0.generation) }
        if let cached { return cached }
        guard let doc = try await storage.getJSON(KeyPolicy.prefix + name) else { return nil }
        let policy = try KeyPolicy(storage: doc)
        let limit = size.withLock { $0 }
        state.withLock { s in
            guard s.generation == generation else { return }
            if limit > 0 && s.entries.count >= limit { s.entries.removeAll() }
            s.entries[name] = policy
        }
        return policy
    }

    func save(_ policy: KeyPolicy, storage: any Storage) async throws {
        defer { invalidate(policy.name) }
        try await storage.putJSON(KeyPolicy.prefix + policy.name, policy.storageJSON)
    }

    func remove(_ name: String, storage: any Storage) async throws {
        defer { invalidate(name) }
        try await storage.delete(KeyPolicy.prefix + name)
    }

    private func invalidate(_ name: String) {
        state.withLock { s in
            s.generation &+= 1
            s.entries[name] = nil
        }
    }

    func clear() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll()
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// Serializes writes to keys (create, rotate, config, trim, restore, delete), so two rotations
/// cannot both become version N+1. Reads never wait for it.
actor KeyWriteLock {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
