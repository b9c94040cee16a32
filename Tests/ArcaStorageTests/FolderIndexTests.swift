@testable import ArcaStorage
import Testing

/// The in-memory backend's folder index answers every folder's list exactly as a scan of all keys
/// does, through random puts and deletes (including folders that empty and come back).
@Suite struct FolderIndexTests {
    @Test func agreesWithAFullScanThroughPutsAndDeletes() async throws {
        var rng = SplitMix(seed: 42)
        let backend = InMemoryBackend()
        var stored = Set<String>()
        let segments = ["a", "b", "sys", "token", "id", "x-y", "parent"]
        for step in 0..<3000 {
            let depth = Int(rng.next() % 4) + 1
            let key = (0..<depth).map { _ in segments[Int(rng.next() % UInt64(segments.count))] }.joined(separator: "/")
            if rng.next() % 3 == 0 {
                try await backend.delete(key)
                stored.remove(key)
            } else {
                try await backend.put(PhysicalEntry(key: key, value: [UInt8(step & 0xff)]))
                stored.insert(key)
            }
            if step % 100 == 0 {
                var folders: Set<String> = [""]
                for k in stored {
                    var f = ""
                    for part in k.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
                        f += part + "/"
                        folders.insert(f)
                    }
                }
                for folder in folders.union(["nope/", "a/zz/"]) {
                    #expect(try await backend.list(prefix: folder) == ListSemantics.children(of: folder, keys: stored),
                            "folder \(folder) at step \(step)")
                }
            }
        }
        for k in stored { try await backend.delete(k) }
        #expect(try await backend.list(prefix: "") == [])
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// After a burst of deletes the in-memory store gives its dictionaries' room back, keeping every entry.
@Suite struct InMemoryShrinkTests {
    @Test("a store that grew large and emptied again keeps every remaining key and list")
    func shrinksAfterABurst() async throws {
        let backend = InMemoryBackend()
        try await backend.apply((0..<20_000).map { .put(PhysicalEntry(key: "t/id/\($0)", value: [UInt8($0 % 256)])) })
        try await backend.put(PhysicalEntry(key: "keep/me", value: [7]))
        try await backend.apply((10..<20_000).map { .delete("t/id/\($0)") })
        for i in 0..<10 { #expect(try await backend.get("t/id/\(i)")?.value == [UInt8(i)]) }
        #expect(try await backend.get("t/id/10") == nil)
        #expect(try await backend.list(prefix: "t/id/") == (0..<10).map { "\($0)" }.sorted())
        #expect(try await backend.list(prefix: "") == ["keep/", "t/"])
        #expect(try await backend.get("keep/me")?.value == [7])
        try await backend.apply((0..<10).map { .delete("t/id/\($0)") })
        #expect(try await backend.list(prefix: "") == ["keep/"])
    }

    @Test("shrinking a sparse dictionary keeps its contents")
    func dictionaryShrink() {
        var d: [String: Int] = [:]
        for i in 0..<10_000 { d["k\(i)"] = i }
        for i in 0..<9_900 { d["k\(i)"] = nil }
        let before = d.capacity
        d.shrinkIfSparse()
        #expect(d.capacity < before)
        #expect(d.count == 100)
        for i in 9_900..<10_000 { #expect(d["k\(i)"] == i) }
    }
}
