import ArcaSDK
import Testing

@Suite struct DecodedCacheTests {
    @Test("a hit needs the bytes the value was decoded from")
    func hitNeedsSameBytes() {
        let cache = DecodedCache<Int>(limit: 4)
        cache.insert("a", bytes: [1, 2], value: 12)
        #expect(cache.value("a", storedAs: [1, 2]) == 12)
        #expect(cache.value("a", storedAs: [1, 3]) == nil)
        #expect(cache.value("b", storedAs: [1, 2]) == nil)
    }

    @Test("full: each insert evicts one entry, so the rest stay cached")
    func evictsOneAtATime() {
        let limit = 100
        let cache = DecodedCache<Int>(limit: limit)
        for i in 0..<limit { cache.insert("k\(i)", bytes: [UInt8(i)], value: i) }
        #expect(cache.count == limit)
        for i in limit..<(3 * limit) {
            cache.insert("k\(i)", bytes: [UInt8(i % 256)], value: i)
            #expect(cache.count == limit)
            #expect(cache.value("k\(i)", storedAs: [UInt8(i % 256)]) == i, "the entry just inserted is kept")
        }
        // Replacing a cached key evicts nothing.
        let present = (0..<(3 * limit)).first { cache.value("k\($0)", storedAs: [UInt8($0 % 256)]) != nil }!
        cache.insert("k\(present)", bytes: [0xFF], value: -1)
        #expect(cache.count == limit)
        #expect(cache.value("k\(present)", storedAs: [0xFF]) == -1)
    }

    @Test("full: entries read since the hand last passed are evicted last")
    func keepsRecentlyRead() {
        let cache = DecodedCache<Int>(limit: 100)
        for i in 0..<100 { cache.insert("k\(i)", bytes: [1], value: i) }
        for i in 0..<50 { #expect(cache.value("k\(i)", storedAs: [1]) == i) }
        for i in 100..<150 { cache.insert("k\(i)", bytes: [1], value: i) }
        #expect(cache.count == 100)
        #expect((0..<50).filter { cache.value("k\($0)", storedAs: [1]) != $0 } == [], "the read half stays")
        #expect((100..<150).filter { cache.value("k\($0)", storedAs: [1]) != $0 } == [], "the new ones are in")
        #expect((50..<100).allSatisfy { cache.value("k\($0)", storedAs: [1]) == nil }, "the unread half went")
    }

    @Test("a full cache under a stream of new keys stays bounded and keeps answering")
    func churn() {
        let cache = DecodedCache<Int>(limit: 64)
        for i in 0..<20_000 {
            cache.insert("k\(i)", bytes: [UInt8(i % 256)], value: i)
            if i % 3 == 0 { cache.remove("k\(i - 1)") }
            #expect(cache.value("k\(i)", storedAs: [UInt8(i % 256)]) == i)
        }
        #expect(cache.count <= 64)
    }

    @Test("optional and struct values come back as stored, nil included")
    func optionalAndStructValues() {
        // AppRole caches role-id lookups as String? (nil: no role has that id); a cached nil is a
        // hit that says "absent", not a miss.
        let names = DecodedCache<String?>(limit: 4)
        names.insert("absent", bytes: [0], value: nil)
        names.insert("present", bytes: [1], value: "web")
        #expect(names.value("absent", storedAs: [0]) == .some(nil))
        #expect(names.value("present", storedAs: [1]) == .some("web"))
        #expect(names.value("unknown", storedAs: [0]) == nil)

        struct Entry: Sendable, Equatable {
            var name: String
            var versions: [Int]
        }
        let entries = DecodedCache<Entry>(limit: 4)
        let entry = Entry(name: "k", versions: Array(1...20))
        entries.insert("k", bytes: [9, 9], value: entry)
        #expect(entries.value("k", storedAs: [9, 9]) == entry)
    }

    @Test("remove and removeAll")
    func removal() {
        let cache = DecodedCache<Int>(limit: 8)
        cache.insert("a", bytes: [1], value: 1)
        cache.insert("b", bytes: [2], value: 2)
        cache.remove("a")
        #expect(cache.value("a", storedAs: [1]) == nil)
        #expect(cache.value("b", storedAs: [2]) == 2)
        cache.removeAll()
        #expect(cache.count == 0)
    }
}
