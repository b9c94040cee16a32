/// The bookkeeping of a bounded cache with CLOCK (second chance) eviction: entries live in slots,
/// a read marks its entry, and `evictOne` moves a hand over the slots, clearing marks as it passes
/// and evicting the first unmarked entry. Every operation costs O(1) amortised, so a working set
/// far larger than the cache (every read a miss and an insert) never pauses for a sweep of the
/// whole cache. Not synchronised: the owning cache keeps it behind its lock.
///
/// The barrier's read cache (in ArcaCore) keeps `[UInt8]` and `Bool` values; the methods it calls
/// on a read or a write are specialised here for those two types (`@_specialize(exported:)`), so
/// that module calls compiled copies instead of generic code that looks up the metadata of the
/// slot types on every call.
public struct ClockTable<Value> {
    private struct Slot {
        var key: String
        var value: Value
        var referenced: Bool
    }

    private var slots: [Slot?] = []
    private var index: [String: Int] = [:]
    private var free: [Int] = []
    private var hand = 0

    public init() {}

    public var count: Int { index.count }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    /// The value at `key`, marking it recently used.
    @_specialize(exported: true, where Value == [UInt8])
    @_specialize(exported: true, where Value == Bool)
    public mutating func lookup(_ key: String) -> Value? {
        guard let i = index[key] else { return nil }
        slots[i]!.referenced = true
        return slots[i]!.value
    }

    /// Stores `value` at `key`, replacing (and returning) what was there. Evicts nothing.
    @discardableResult
    @_specialize(exported: true, where Value == [UInt8])
    @_specialize(exported: true, where Value == Bool)
    public mutating func insert(_ key: String, _ value: Value) -> Value? {
        if let i = index[key] {
            let old = slots[i]!.value
            slots[i]!.value = value
            return old
        }
        let slot = Slot(key: key, value: value, referenced: false)
        if let reused = free.popLast() {
            slots[reused] = slot
            index[key] = reused
        } else {
            index[key] = slots.count
            slots.append(slot)
        }
        return nil
    }

    /// Removes `key`, returning its value.
    @discardableResult
    @_specialize(exported: true, where Value == [UInt8])
    @_specialize(exported: true, where Value == Bool)
    public mutating func remove(_ key: String) -> Value? {
        guard let i = index.removeValue(forKey: key) else { return nil }
        let value = slots[i]!.value
        slots[i] = nil
        free.append(i)
        return value
    }

    /// Evicts one entry not read since the hand last passed it; nil when empty.
    @_specialize(exported: true, where Value == [UInt8])
    @_specialize(exported: true, where Value == Bool)
    public mutating func evictOne() -> (key: String, value: Value)? {
        guard !index.isEmpty else { return nil }
        while true {
            if hand >= slots.count { hand = 0 }
            defer { hand += 1 }
            guard let slot = slots[hand] else { continue }
            if slot.referenced {
                slots[hand]!.referenced = false
                continue
            }
            index[slot.key] = nil
            slots[hand] = nil
            free.append(hand)
            return (slot.key, slot.value)
        }
    }

    /// Removes everything, handing each value to `body` first (to zero key material, say).
    public mutating func removeAll(_ body: (inout Value) -> Void = { _ in }) {
        for i in slots.indices where slots[i] != nil { body(&slots[i]!.value) }
        self = ClockTable()
    }
}
