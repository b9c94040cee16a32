import Synchronization

/// Values already decoded from storage (token entries, KV metadata), keyed by storage key, each
/// kept with the stored bytes it was decoded from. A hit needs the bytes read now to be the same
/// bytes, so a write through any path can never leave a stale value in use: the cache saves the
/// parse, never the read (which is what fails once the barrier is sealed). Bounded: when full,
/// each insert evicts one entry by CLOCK (`ClockTable`), so a store larger than the cache keeps
/// its recently read entries and every operation stays O(1). Owners empty it when they unload.
///
/// The table itself is not generic over `Value` (each entry holds its value as `any Sendable`):
/// the engines that use this cache live in other modules, where its methods run as unspecialised
/// generic code, and a table of `(bytes, Value)` tuples looked up the generic metadata of the
/// tuple, the slot and the slot array at run time on every hit.
public final class DecodedCache<Value: Sendable>: Sendable {
    public let limit: Int
    private let entries = Mutex(ClockTable<DecodedEntry>())

    public init(limit: Int = 1024) { self.limit = limit }

    /// The cached value for `key` if it was decoded from exactly `bytes`.
    public func value(_ key: String, storedAs bytes: [UInt8]) -> Value? {
        // Equal arrays that share storage (the barrier's cached plaintext) compare in constant time.
        entries.withLock { cache in
            guard let hit = cache.lookup(key), hit.bytes == bytes else { return nil }
            return hit.value as? Value
        }
    }

    public func insert(_ key: String, bytes: [UInt8], value: Value) {
        entries.withLock { cache in
            if !cache.contains(key), cache.count >= limit { _ = cache.evictOne() }
            cache.insert(key, DecodedEntry(bytes: bytes, value: value))
        }
    }

    public func remove(_ key: String) { _ = entries.withLock { $0.remove(key) } }

    public func removeAll() { entries.withLock { $0.removeAll() } }

    public var count: Int { entries.withLock { $0.count } }
}

/// One entry of a `DecodedCache`: the stored bytes and what they decoded to.
struct DecodedEntry: Sendable {
    let bytes: [UInt8]
    let value: any Sendable
}
