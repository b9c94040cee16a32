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
