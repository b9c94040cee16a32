import ArcaStorage
import Testing

/// The one suite every physical backend runs (≈ OpenBao's `ExerciseBackend`). Call `run` from a
/// `@Test` with a factory that returns a fresh, empty backend.
package enum StorageConformance {
    package static func run(_ make: () async throws -> any PhysicalBackend) async throws {
        try await basics(make())
        try await listing(make())
        try await unusualKeys(make())
        try await values(make())
        try await invalidKeys(make())
        try await pagination(make())
        try await pagesThroughFolders(make())
        try await concurrency(make())
        if let tx = try await make() as? any TransactionalBackend { try await batches(tx) }
    }

    static func put(_ b: any PhysicalBackend, _ key: String, _ value: String = "v") async throws {
        try await b.put(PhysicalEntry(key: key, value: Array(value.utf8)))
    }

    static func basics(_ b: any PhysicalBackend) async throws {
        #expect(try await b.get("missing") == nil)
        try await put(b, "a", "1")
        #expect(try await b.get("a")?.value == Array("1".utf8))
        try await put(b, "a", "2")
        #expect(try await b.get("a")?.value == Array("2".utf8))
        try await b.delete("a")
        #expect(try await b.get("a") == nil)
        try await b.delete("a")
        try await b.delete("never-existed")
    }

    static func listing(_ b: any PhysicalBackend) async throws {
        #expect(try await b.list(prefix: "") == [])
        for key in ["foo", "foo/bar", "foo/baz/qux", "zip", "a/b/c/d", "foo2"] { try await put(b, key) }
        #expect(try await b.list(prefix: "") == ["a/", "foo", "foo/", "foo2", "zip"])
        #expect(try await b.list(prefix: "foo/") == ["bar", "baz/"])
        #expect(try await b.list(prefix: "foo/baz/") == ["qux"])
        #expect(try await b.list(prefix: "nope/") == [])
        try await b.delete("foo/baz/qux")
        #expect(try await b.list(prefix: "foo/") == ["bar"])
        try await b.delete("foo/bar")
        #expect(try await b.list(prefix: "") == ["a/", "foo", "foo2", "zip"])
        let deep = (1...10).map { "l\($0)" }.joined(separator: "/")
        try await put(b, deep, "deep")
        #expect(try await b.get(deep)?.value == Array("deep".utf8))
        #expect(try await b.list(prefix: "l1/l2/l3/l4/l5/l6/l7/l8/l9/") == ["l10"])
    }

    static func unusualKeys(_ b: any PhysicalBackend) async throws {
        let keys = ["ключ/秘密/🔑", "with space/and %25 percent", "trailing-dot.", "ü/ä", "x\u{FF}y"]
        for (i, key) in keys.enumerated() { try await put(b, key, "\(i)") }
        for (i, key) in keys.enumerated() { #expect(try await b.get(key)?.value == Array("\(i)".utf8)) }
        #expect(try await b.list(prefix: "ключ/") == ["秘密/"])
        #expect(try await b.list(prefix: "ключ/秘密/") == ["🔑"])
    }

    static func values(_ b: any PhysicalBackend) async throws {
        try await b.put(PhysicalEntry(key: "empty", value: []))
        #expect(try await b.get("empty")?.value == [])
        let binary = (0...255).map { UInt8($0) }
        try await b.put(PhysicalEntry(key: "binary", value: binary))
        #expect(try await b.get("binary")?.value == binary)
        var large = [UInt8](repeating: 0, count: 32 * 1024 * 1024)
        for i in stride(from: 0, to: large.count, by: 4093) { large[i] = UInt8(i % 251) }
        try await b.put(PhysicalEntry(key: "large", value: large))
        #expect(try await b.get("large")?.value == large)
    }

    static func invalidKeys(_ b: any PhysicalBackend) async throws {
        for key in ["", "a/../b", "..", "a/..", "../a", "nul\u{0}byte", "x/\u{0}"] {
            await #expect(throws: PhysicalError.self) { try await b.put(PhysicalEntry(key: key, value: [1])) }
            await #expect(throws: PhysicalError.self) { try await b.get(key) }
        }
        // Dots that do not make a whole ".." segment are ordinary names.
        for key in ["a/.../b", "a/..b", "a/b..", ".", "a/./b", "..."] {
            try await b.put(PhysicalEntry(key: key, value: [2]))
            #expect(try await b.get(key)?.value == [2])
            try await b.delete(key)
        }
    }

    static func pagination(_ b: any PhysicalBackend) async throws {
        for i in 0..<10 { try await put(b, "p/k\(i)") }
        try await put(b, "p/sub/x")
        #expect(try await b.listPage(prefix: "p/", after: "", limit: 3) == ["k0", "k1", "k2"])
        #expect(try await b.listPage(prefix: "p/", after: "k2", limit: 3) == ["k3", "k4", "k5"])
        #expect(try await b.listPage(prefix: "p/", after: "k8", limit: 5) == ["k9", "sub/"])
        #expect(try await b.listPage(prefix: "p/", after: "", limit: nil).count == 11)
    }

    /// Every page, of every prefix, from every `after`, matches the page cut from the full list:
    /// folders with many descendants, an `after` inside a folder or naming one, names that sort
    /// around `/` (`a-b`, `a0`), a key equal to the prefix, and a prefix without a trailing `/`.
    /// Folder `m/` has more children than a backend may read in one go (SQLite reads the first 32
    /// on the caller's thread and the rest apart), among them a file and a folder of one name.
    static func pagesThroughFolders(_ b: any PhysicalBackend) async throws {
        var keys = ["f", "f/a", "f/a/x", "f/a/y/z", "f/a-b", "f/a0", "f/c", "f/d/e/f", "e/x", "g/x"]
        keys += (0..<150).map { "f/b/\($0)" }
        keys += (0..<40).map { "m/\($0)" } + ["m/5/deep", "m/5-", "m/50/x", "m/31/y/z"]
        for key in keys { try await put(b, key) }
        for prefix in ["", "f/", "f/a", "f/b/", "f/d/", "m/", "nope/"] {
            let all = ListSemantics.children(of: prefix, keys: keys)
            #expect(try await b.list(prefix: prefix) == all, "list \(prefix)")
            for after in ["", "a", "a/", "a-b", "a/x", "b", "b/", "b/1", "c", "0", "/", "zzz", "5", "5/", "31", "39"] {
                let tail = all.filter { $0.utf8.lexicographicallyPrecedes(after.utf8) == false && $0 != after }
                for limit in [0, 1, 2, 3, 31, 32, 33, 64, 100] {
                    let expected = limit > 0 ? Array(tail.prefix(limit)) : tail
                    let page = try await b.listPage(prefix: prefix, after: after, limit: limit)
                    #expect(page == expected, "prefix \(prefix) after \(after) limit \(limit)")
                }
            }
        }
    }

    static func concurrency(_ b: any PhysicalBackend) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask { try await put(b, "c/\(i)", "value-\(i)") }
                if i % 10 == 0 { group.addTask { _ = try await b.list(prefix: "c/") } }
            }
            try await group.waitForAll()
        }
        #expect(try await b.list(prefix: "c/").count == 200)
        for i in stride(from: 0, to: 200, by: 17) {
            #expect(try await b.get("c/\(i)")?.value == Array("value-\(i)".utf8))
        }
    }

    static func batches(_ b: any TransactionalBackend) async throws {
        try await put(b, "t/old")
        try await b.apply([
            .put(PhysicalEntry(key: "t/1", value: [1])), .put(PhysicalEntry(key: "t/2", value: [2])), .delete("t/old"),
        ])
        #expect(try await b.list(prefix: "t/") == ["1", "2"])
        await #expect(throws: PhysicalError.self) {
            try await b.apply([.put(PhysicalEntry(key: "t/3", value: [3])), .put(PhysicalEntry(key: "", value: [4]))])
        }
        #expect(try await b.get("t/3") == nil, "a batch with an invalid key applies nothing")
    }
}
