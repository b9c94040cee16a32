import Synchronization

/// Values already decoded from storage (token entries, KV metadata), keyed by storage key, each
/// kept with the stored bytes it was decoded from. A hit needs the bytes read now to be the same
/// bytes, so a write through any path can never leave a stale value in use: the cache saves the
/// parse, never the read (which is what fails once the barrier is sealed). Bounded: when full,
/// each insert evicts one entry in the dictionary's order (arbitrary, so in effect at random),
/// which keeps a store larger than the cache hitting `limit / size` of its reads instead of
/// emptying the whole cache every `limit` misses. Owners empty it when they unload.
public final class DecodedCache<Value: Sendable>: Sendable {
    public let limit: Int
    private let entries = Mutex<[String: (bytes: [UInt8], value: Value)]>([:])

    public init(limit: Int = 1024) { self.limit = limit }

    /// The cached value for `key` if it was decoded from exactly `bytes`.
    public func value(_ key: String, storedAs bytes: [UInt8]) -> Value? {
        // Equal arrays that share storage (the barrier's cached plaintext) compare in constant time.
        entries.withLock { cache in
            guard let hit = cache[key], hit.bytes == bytes else { return nil }
            return hit.value
        }
    }

    public func insert(_ key: String, bytes: [UInt8], value: Value) {
        entries.withLock { cache in
            if cache[key] == nil, cache.count >= limit, let victim = cache.keys.first {
                cache.removeValue(forKey: victim)
            }
            cache[key] = (bytes, value)
        }
    }

    public func remove(_ key: String) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    public func removeAll() { entries.withLock { $0.removeAll() } }

    public var count: Int { entries.withLock { $0.count } }
}
