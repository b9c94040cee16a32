import ArcaCrypto
import ArcaSDK
import Synchronization

/// Plaintext of recently read barrier entries, so a hot read (a KV secret, a token entry) skips
/// the physical store and AES-GCM. Bounded by total bytes and emptied (values overwritten with
/// zeros, best effort) when the barrier seals.
///
/// Eviction is CLOCK (second chance, `ClockTable`): every operation costs O(1) amortised, so a
/// store far larger than the cache (every read a miss and an insert) never pauses requests for a
/// sort of the whole cache.
///
/// It never serves a value older than the store: every write or delete bumps a generation when it
/// begins and again when the physical write has finished, dropping its keys both times, and a
/// read that overlapped any write does not insert what it read. A write of a key that was cached
/// when it began, and that no other write overlapped, leaves its plaintext in the cache, so a hot
/// key's read-modify-write (KV metadata on every new version) keeps skipping the store and
/// AES-GCM; keys not cached (a new token's entry) are not added by writing them.
///
/// A key read and found missing is remembered as absent under the same rules, so a lookup that
/// usually finds nothing (a mount's `config` that was never written, read on every KV write)
/// does not reach the store each time either.
final class BarrierReadCache: Sendable {
  /// A cached value, or `nil` for a key known to be absent.
  typealias Entry = [UInt8]?

  private struct State {
    var table = ClockTable<Entry>()
    var bytes = 0
    var generation: UInt64 = 0

    mutating func remove(_ key: String) {
      guard var entry = table.remove(key) else { return }
      bytes -= BarrierReadCache.size(key: key, value: entry)
      BarrierReadCache.zero(&entry)
    }

    /// Evicts entries (by CLOCK) until `needed` more bytes fit in `limit`.
    mutating func makeRoom(_ needed: Int, limit: Int) {
      while bytes + needed > limit, var evicted = table.evictOne() {
        bytes -= BarrierReadCache.size(key: evicted.key, value: evicted.value)
        BarrierReadCache.zero(&evicted.value)
      }
    }

    /// Caches `entry` for `key`, making room first; the caller has checked its size.
    mutating func store(_ key: String, _ entry: Entry, size: Int, limit: Int) {
      remove(key)
      makeRoom(size, limit: limit)
      table.insert(key, entry)
      bytes += size
    }
  }

  private let state = Mutex(State())
  let maxBytes: Int

  init(maxBytes: Int = 32 * 1024 * 1024) { self.maxBytes = maxBytes }

  /// Bytes an entry is charged: its key, its value (none for an absent key) and a fixed overhead.
  static func size(key: String, value: Entry) -> Int { (value?.count ?? 0) + key.utf8.count + 64 }

  private static func zero(_ entry: inout Entry) {
    guard var bytes = entry else { return }
    entry = nil
    SecureZero.zero(&bytes)
  }

  /// What the cache knows of a key, and the generation to hand back to `insert`.
  struct Lookup {
    /// The cached value; nil when the key is not cached or is known to be absent.
    var value: [UInt8]?
    /// The key is cached as absent from the store.
    var isAbsent: Bool
    var generation: UInt64

    var isHit: Bool { value != nil || isAbsent }
  }

  func lookup(_ key: String) -> Lookup {
    state.withLock { s in
      switch s.table.lookup(key) {
      case .some(.some(let value)): Lookup(value: value, isAbsent: false, generation: s.generation)
      case .some(.none): Lookup(value: nil, isAbsent: true, generation: s.generation)
      case .none: Lookup(value: nil, isAbsent: false, generation: s.generation)
      }
    }
  }

  /// Caches `value` (nil: the key is absent) unless a write happened since `generation` was
  /// handed out.
  func insert(_ key: String, _ value: [UInt8]?, generation: UInt64) {
    let size = Self.size(key: key, value: value)
    guard size <= maxBytes / 16 else { return }
    state.withLock { s in
      guard s.generation == generation else { return }
      s.store(key, value, size: size, limit: maxBytes)
    }
  }

  /// What `beginWrite` hands to `finishWrite`: the generation it set and which keys it dropped.
  struct WriteTicket: Sendable {
    let generation: UInt64
    let wasCached: Set<String>
  }

  /// Called before a physical write or delete of `keys`: drops them and returns the ticket for
  /// `finishWrite`.
  func beginWrite<Keys: Sequence<String>>(_ keys: Keys) -> WriteTicket {
    state.withLock { s in
      s.generation &+= 1
      var cached: Set<String> = []
      for key in keys where s.table.contains(key) {
        s.remove(key)
        cached.insert(key)
      }
      return WriteTicket(generation: s.generation, wasCached: cached)
    }
  }

  /// Called after every physical write begun with `ticket`, whether or not it succeeded. Drops
  /// the written keys; when the write succeeded (`written` holds the plaintext put per key, nil
  /// for a delete) and no other write began since `ticket` (nor a seal: `clear` bumps the
  /// generation too), caches what the keys that were cached when it began now hold (a deleted
  /// key as absent).
  func finishWrite(_ written: [(key: String, value: [UInt8]?)], ticket: WriteTicket, succeeded: Bool) {
    state.withLock { s in
      let undisturbed = succeeded && s.generation == ticket.generation
      s.generation &+= 1
      for (key, _) in written { s.remove(key) }
      guard undisturbed, !ticket.wasCached.isEmpty else { return }
      for (key, value) in written where ticket.wasCached.contains(key) {
        let size = Self.size(key: key, value: value)
        guard size <= maxBytes / 16 else { continue }
        s.store(key, value, size: size, limit: maxBytes)
      }
    }
  }

  /// Drops everything (seal).
  func clear() {
    state.withLock { s in
      s.generation &+= 1
      s.table.removeAll { Self.zero(&$0) }
      s.bytes = 0
    }
  }

  var count: Int { state.withLock { $0.table.count } }
  var byteCount: Int { state.withLock { $0.bytes } }
}
