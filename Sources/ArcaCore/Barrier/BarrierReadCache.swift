import ArcaCrypto
import Synchronization

/// Plaintext of recently read barrier entries, so a hot read (a KV secret, a token entry) skips
/// the physical store and AES-GCM. Bounded by total bytes and emptied (values overwritten with
/// zeros, best effort) when the barrier seals.
///
/// Eviction is CLOCK (second chance): a read marks its entry, and the hand sweeping the slots
/// evicts the first unmarked one, clearing marks as it passes. Every operation costs O(1)
/// amortised, so a store far larger than the cache (every read a miss and an insert) never
/// pauses requests for a sort of the whole cache.
///
/// It never serves a value older than the store: every write or delete bumps a generation and
/// drops its key once the physical write has finished, and a read that overlapped any write does
/// not insert what it read.
final class BarrierReadCache: Sendable {
  private struct Slot {
    var key: String
    var value: [UInt8]
    var referenced: Bool

    var size: Int { BarrierReadCache.size(key: key, value: value) }
  }

  private struct State {
    var slots: [Slot?] = []
    var index: [String: Int] = [:]
    var free: [Int] = []
    var hand = 0
    var bytes = 0
    var generation: UInt64 = 0

    mutating func remove(at i: Int) {
      guard var slot = slots[i] else { return }
      slots[i] = nil
      index[slot.key] = nil
      bytes -= slot.size
      SecureZero.zero(&slot.value)
      free.append(i)
    }

    /// Evicts unmarked entries under the hand until `needed` more bytes fit in `limit`.
    mutating func makeRoom(_ needed: Int, limit: Int) {
      while bytes + needed > limit, !index.isEmpty {
        if hand >= slots.count { hand = 0 }
        if let slot = slots[hand] {
          if slot.referenced {
            slots[hand]!.referenced = false
          } else {
            remove(at: hand)
          }
        }
        hand += 1
      }
    }
  }

  private let state = Mutex(State())
  let maxBytes: Int

  init(maxBytes: Int = 32 * 1024 * 1024) { self.maxBytes = maxBytes }

  /// Bytes an entry is charged: its key, its value and a fixed overhead.
  static func size(key: String, value: [UInt8]) -> Int { value.count + key.utf8.count + 64 }

  /// The cached value, if any, and the generation to hand back to `insert`.
  func lookup(_ key: String) -> (value: [UInt8]?, generation: UInt64) {
    state.withLock { s in
      guard let i = s.index[key] else { return (nil, s.generation) }
      s.slots[i]!.referenced = true
      return (s.slots[i]!.value, s.generation)
    }
  }

  /// Caches `value` unless a write happened since `generation` was handed out.
  func insert(_ key: String, _ value: [UInt8], generation: UInt64) {
    let size = Self.size(key: key, value: value)
    guard size <= maxBytes / 16 else { return }
    state.withLock { s in
      guard s.generation == generation else { return }
      if let i = s.index[key] { s.remove(at: i) }
      s.makeRoom(size, limit: maxBytes)
      let slot = Slot(key: key, value: value, referenced: false)
      let i: Int
      if let reused = s.free.popLast() {
        i = reused
        s.slots[i] = slot
      } else {
        i = s.slots.count
        s.slots.append(slot)
      }
      s.index[key] = i
      s.bytes += size
    }
  }

  /// Called after every physical write or delete of `key`, whether or not it succeeded.
  func invalidate(_ key: String) {
    state.withLock { s in
      s.generation &+= 1
      if let i = s.index[key] { s.remove(at: i) }
    }
  }

  /// Drops everything (seal).
  func clear() {
    state.withLock { s in
      s.generation &+= 1
      for i in s.slots.indices { s.remove(at: i) }
      s = State(generation: s.generation)
    }
  }

  var count: Int { state.withLock { $0.index.count } }
  var byteCount: Int { state.withLock { $0.bytes } }
}
