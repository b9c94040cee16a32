import ArcaStorage
import Testing

/// `ShardedDictionary` behaves as a `[String: Value]` would, whatever the mix of operations.
@Suite struct ShardedDictionaryTests {
    @Test("random puts, replaces and removes agree with a plain dictionary, before and after it splits")
    func agreesWithDictionary() {
        var sharded = ShardedDictionary<Int>()
        var plain: [String: Int] = [:]
        var rng = SystemRandomNumberGenerator()
        for step in 0..<40_000 {
            let key = "sys/expire/id/k\(Int.random(in: 0..<(step < 5_000 ? 2_000 : 12_000), using: &rng))"
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6:
                #expect(sharded.updateValue(step, forKey: key) == plain.updateValue(step, forKey: key))
            case 6..<9:
                #expect(sharded.removeValue(forKey: key) == plain.removeValue(forKey: key))
                sharded.shrinkIfSparse(around: key)
            default:
                sharded[key] = nil
                plain[key] = nil
            }
            #expect(sharded.count == plain.count)
        }
        #expect(Set(sharded.keys) == Set(plain.keys))
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key, $0.value) }) == plain)
        for (key, value) in plain { #expect(sharded[key] == value) }
        sharded.removeAll()
        #expect(sharded.isEmpty && sharded.keys.isEmpty && sharded["sys/expire/id/k1"] == nil)
    }

    @Test("emptying a large map and shrinking keeps it usable")
    func shrink() {
        var sharded = ShardedDictionary<[UInt8]>()
        for i in 0..<50_000 { sharded["k\(i)"] = [UInt8(i % 256)] }
        for i in 0..<49_990 { sharded["k\(i)"] = nil }
        sharded.shrinkIfSparse()
        #expect(sharded.count == 10)
        #expect(sharded["k49995"] == [UInt8(49995 % 256)])
        sharded["new"] = [1]
        #expect(sharded.count == 11 && sharded["new"] == [1])
    }
}
