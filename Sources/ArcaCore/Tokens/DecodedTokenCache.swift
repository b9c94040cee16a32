import Synchronization

/// Token entries already decoded, keyed by id hash, each with the stored bytes it was decoded
/// from. A hit needs the bytes the barrier returns now to be the same bytes, so a write through
/// any path can never leave a stale entry in use: the cache saves the parse, never a read.
/// Bounded (emptied when full) and emptied on seal.
final class DecodedTokenCache: Sendable {
    static let limit = 1024
    private let entries = Mutex<[String: (bytes: [UInt8], entry: TokenEntry)]>([:])

    /// The cached entry for `hash` if it was decoded from exactly `bytes`.
    func entry(_ hash: String, storedAs bytes: [UInt8]) -> TokenEntry? {
        // Equal arrays that share storage (the barrier's cached plaintext) compare in constant time.
        entries.withLock { cache in
            guard let hit = cache[hash], hit.bytes == bytes else { return nil }
            return hit.entry
        }
    }

    func insert(_ hash: String, bytes: [UInt8], entry: TokenEntry) {
        entries.withLock { cache in
            if cache.count >= Self.limit { cache.removeAll() }
            cache[hash] = (bytes, entry)
        }
    }

    func remove(_ hash: String) { _ = entries.withLock { $0.removeValue(forKey: hash) } }

    func removeAll() { entries.withLock { $0.removeAll() } }
}
