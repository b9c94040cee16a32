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
/// It never serves a value older than the store. Every write or delete bumps a generation when it
/// begins and again when the physical write has finished; it drops its keys when it begins,
/// counts itself as a writer of each until it finishes, and then stamps each with the generation
/// of its finish. A read hands back the generation it began at, and inserts what it read only if
/// no write of that key is in progress and none finished since (the key's stamp is not newer).
/// Writes of other keys do not matter, so under group commit, where some write is always in
/// flight, reads of keys not being written still fill the cache. A write of a key that was cached when it began, and that no
/// other write of the key overlapped, leaves its plaintext in the cache, so a hot key's
/// read-modify-write (KV metadata on every new version) keeps skipping the store and AES-GCM;
/// keys not cached (a new token's entry) are not added by writing them. Stamps are forgotten in
/// bulk once there are `maxStamps` of them: the generation then becomes a floor below which no
/// read or write may insert, which only costs a few inserts.
///
/// A key read and found missing is remembered as absent under the same rules, so a lookup that
/// usually finds nothing (a mount's `config` that was never written, read on every KV write)
/// does not reach the store each time either. Absent keys have a table of their own, bounded by
/// count (`maxAbsent`), so one-off misses (each revoked token's) cycle through it and can neither
/// evict values nor grow the heap: in one shared table, charged a few dozen bytes each, they held
/// about 65 MiB more RSS after a dev AppRole run's tokens had expired.
final class BarrierReadCache: Sendable {
  /// A recently written key: how many writes of it are in progress, and the generation the last
  /// one finished at.
  private struct WriteState {
    var writers = 0
    var stamp: UInt64 = 0

    /// One write finishes at `generation`; returns whether it was the only write of the key since
    /// it began (at `begunAt`).
    mutating func finish(at generation: UInt64, begunAt: UInt64) -> Bool {
      let alone = writers == 1 && stamp < begunAt
      writers = max(writers - 1, 0)
      stamp = generation
      return alone
    }
  }

  private struct State {
    var table = ClockTable<[UInt8]>()
    var absent = ClockTable<Bool>()
    var bytes = 0
    var generation: UInt64 = 0
    /// Recently written keys: writes in progress and the generation the last one finished at.
    var written: [String: WriteState] = [:]
    /// Reads and writes that began before this generation may not insert (stamps were forgotten).
    var floor: UInt64 = 0

    /// Whether a read of `key` that began at `generation` may cache what it read.
    func mayInsert(_ key: String, readAt generation: UInt64) -> Bool {
      guard generation >= floor else { return false }
      guard let w = written[key] else { return true }
      return w.writers == 0 && w.stamp <= generation
    }

    mutating func remove(_ key: String) {
      absent.remove(key)
      guard var value = table.remove(key) else { return }
      bytes -= BarrierReadCache.size(key: key, value: value)
      SecureZero.zero(&value)
    }

    func contains(_ key: String) -> Bool { table.contains(key) || absent.contains(key) }

    /// Evicts entries (by CLOCK) until `needed` more bytes fit in `limit`.
    mutating func makeRoom(_ needed: Int, limit: Int) {
      while bytes + needed > limit, var evicted = table.evictOne() {
        bytes -= BarrierReadCache.size(key: evicted.key, value: evicted.value)
        SecureZero.zero(&evicted.value)
      }
    }

    /// Caches `value` for `key` (nil: absent), making room first; the caller has checked its size.
    mutating func store(_ key: String, _ value: [UInt8]?, limits: (bytes: Int, absent: Int)) {
      remove(key)
      guard let value else {
        if absent.count >= limits.absent { _ = absent.evictOne() }
        absent.insert(key, true)
        return
      }
      let size = BarrierReadCache.size(key: key, value: value)
      makeRoom(size, limit: limits.bytes)
      table.insert(key, value)
      bytes += size
    }
  }

  private let state = Mutex(State())
  let maxBytes: Int
  let maxAbsent: Int
  let maxStamps: Int

  init(maxBytes: Int = 32 * 1024 * 1024, maxAbsent: Int = 1024, maxStamps: Int = 1024) {
    self.maxBytes = maxBytes
    self.maxAbsent = maxAbsent
    self.maxStamps = maxStamps
  }

  /// Bytes a value is charged: its key, its value and a fixed overhead.
  static func size(key: String, value: [UInt8]) -> Int { value.count + key.utf8.count + 64 }

  /// Whether `value` may be cached at all (nil, absent, always may).
  private func fits(_ key: String, _ value: [UInt8]?) -> Bool {
    value.map { Self.size(key: key, value: $0) <= maxBytes / 16 } ?? true
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
      if let value = s.table.lookup(key) { return Lookup(value: value, isAbsent: false, generation: s.generation) }
      return Lookup(value: nil, isAbsent: s.absent.lookup(key) != nil, generation: s.generation)
    }
  }

  /// Caches `value` (nil: the key is absent) unless a write of `key` was in progress, began or
  /// finished since `generation` was handed out.
  func insert(_ key: String, _ value: [UInt8]?, generation: UInt64) {
    guard fits(key, value) else { return }
    state.withLock { s in
      guard s.mayInsert(key, readAt: generation) else { return }
      s.store(key, value, limits: (maxBytes, maxAbsent))
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
      for key in keys {
        s.written[key, default: WriteState()].writers += 1
        guard s.contains(key) else { continue }
        s.remove(key)
        cached.insert(key)
      }
      return WriteTicket(generation: s.generation, wasCached: cached)
    }
  }

  /// Called after every physical write begun with `ticket`, whether or not it succeeded. Drops
  /// the written keys; when the write succeeded (`written` holds the plaintext put per key, nil
  /// for a delete), caches what each key that was cached when it began now holds (a deleted key
  /// as absent), unless another write of that key overlapped this one or the cache was emptied
  /// (`clear`) or its stamps forgotten since.
  func finishWrite(_ written: [(key: String, value: [UInt8]?)], ticket: WriteTicket, succeeded: Bool) {
    state.withLock { s in
      let intact = succeeded && ticket.generation >= s.floor
      s.generation &+= 1
      let generation = s.generation
      for (key, value) in written {
        // No insert of a key can happen while it is being written, so it is not cached now.
        // Alone: no other write of the key is in progress or finished since this one began.
        let alone = s.written[key, default: WriteState()].finish(at: generation, begunAt: ticket.generation)
        if intact, alone, ticket.wasCached.contains(key), fits(key, value) {
          s.store(key, value, limits: (maxBytes, maxAbsent))
        }
      }
      if s.written.count > maxStamps {
        s.written = s.written.filter { $0.value.writers > 0 }
        s.generation &+= 1
        s.floor = s.generation
      }
    }
  }

  /// Drops everything (seal).
  func clear() {
    state.withLock { s in
      s.generation &+= 1
      s.floor = s.generation
      s.written = s.written.filter { $0.value.writers > 0 }
      s.table.removeAll { SecureZero.zero(&$0) }
      s.absent.removeAll()
      s.bytes = 0
    }
  }

  /// Values and absent keys cached.
  var count: Int { state.withLock { $0.table.count + $0.absent.count } }
  var byteCount: Int { state.withLock { $0.bytes } }
}
