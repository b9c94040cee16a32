import ArcaCrypto
import Synchronization

/// Plaintext of recently read barrier entries, so a hot read (a KV secret, a token entry) skips
/// the physical store and AES-GCM. Bounded by total bytes, least recently used evicted first,
/// and emptied (values overwritten with zeros, best effort) when the barrier seals.
///
/// It never serves a value older than the store: every write or delete bumps a generation and
/// drops its key once the physical write has finished, and a read that overlapped any write does
/// not insert what it read.
final class BarrierReadCache: Sendable {
    private struct Entry {
        var value: [UInt8]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var generation: UInt64 = 0
        var tick: UInt64 = 0
    }

    private let state = Mutex(State())
    let maxBytes: Int

    init(maxBytes: Int = 32 * 1024 * 1024) { self.maxBytes = maxBytes }

    /// The cached value, if any, and the generation to hand back to `insert`.
    func lookup(_ key: String) -> (value: [UInt8]?, generation: UInt64) {
        state.withLock { s in
            s.tick &+= 1
            guard var entry = s.entries[key] else { return (nil, s.generation) }
            entry.lastUse = s.tick
            s.entries[key] = entry
            return (entry.value, s.generation)
        }
    }

    /// Caches `value` unless a write happened since `generation` was handed out.
    func insert(_ key: String, _ value: [UInt8], generation: UInt64) {
        let size = value.count + key.utf8.count + 64
        guard size <= maxBytes / 16 else { return }
        state.withLock { s in
            guard s.generation == generation else { return }
            s.tick &+= 1
            if let old = s.entries.updateValue(Entry(value: value, lastUse: s.tick), forKey: key) {
                s.bytes -= old.value.count + key.utf8.count + 64
            }
            s.bytes += size
            if s.bytes > maxBytes { Self.evict(&s, to: maxBytes * 3 / 4) }
        }
    }

    /// Called after every physical write or delete of `key`, whether or not it succeeded.
    func invalidate(_ key: String) {
        state.withLock { s in
            s.generation &+= 1
            if var old = s.entries.removeValue(forKey: key) {
                s.bytes -= old.value.count + key.utf8.count + 64
                SecureZero.zero(&old.value)
            }
        }
    }

    /// Drops everything (seal).
    func clear() {
        state.withLock { s in
            s.generation &+= 1
            for key in Array(s.entries.keys) {
                if var old = s.entries.removeValue(forKey: key) { SecureZero.zero(&old.value) }
            }
            s.bytes = 0
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private static func evict(_ s: inout State, to target: Int) {
        let oldestFirst = s.entries.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, _) in oldestFirst {
            guard s.bytes > target else { break }
            if var old = s.entries.removeValue(forKey: key) {
                s.bytes -= old.value.count + key.utf8.count + 64
                SecureZero.zero(&old.value)
            }
        }
    }
}
