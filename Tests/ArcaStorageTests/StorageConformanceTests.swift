@testable import ArcaStorage
import ArcaTesting
import FoundationEssentials
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary directory per test.
func temporaryDirectory() -> String {
    var template = Array("/tmp/arca-storage-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: path!)
}

@Suite struct StorageConformanceTests {
    @Test("in-memory backend")
    func inMemory() async throws {
        try await StorageConformance.run { InMemoryBackend() }
    }

    @Test("SQLite backend")
    func sqlite() async throws {
        let dir = temporaryDirectory()
        var opened: [SQLiteBackend] = []
        var n = 0
        try await StorageConformance.run {
            n += 1
            let b = try await SQLiteBackend.open(path: "\(dir)/db\(n)/arca.db")
            opened.append(b)
            return b
        }
        for b in opened { try await b.close() }
    }
}

@Suite struct SQLiteBackendTests {
    @Test("data survives close and reopen")
    func reopen() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let a = try await SQLiteBackend.open(path: path)
        try await a.put(PhysicalEntry(key: "k", value: [1, 2, 3]))
        try await a.close()
        let b = try await SQLiteBackend.open(path: path)
        #expect(try await b.get("k")?.value == [1, 2, 3])
        try await b.close()
    }

    @Test("acknowledged writes are visible to a second, independent connection without close")
    func acknowledgedIsDurable() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let writer = try await SQLiteBackend.open(path: path)
        for i in 0..<100 { try await writer.put(PhysicalEntry(key: "k\(i)", value: [UInt8(i)])) }
        let other = try await SQLiteBackend.open(path: path)
        #expect(try await other.list(prefix: "").count == 100)
        try await other.close()
        try await writer.close()
    }

    @Test("database directory and files are owner-only")
    func permissions() async throws {
        let dir = temporaryDirectory() + "/nested/dir"
        let b = try await SQLiteBackend.open(path: dir + "/arca.db")
        try await b.put(PhysicalEntry(key: "k", value: [1]))
        var st = stat()
        #expect(stat(dir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(stat(dir + "/arca.db", &st) == 0 && st.st_mode & 0o777 == 0o600)
        try await b.close()
    }

    @Test("concurrent writes are grouped into far fewer commits")
    func groupCommit() async throws {
        let b = try await SQLiteBackend.open(path: temporaryDirectory() + "/arca.db")
        let before = b.commitCount
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 { group.addTask { try await b.put(PhysicalEntry(key: "g\(i)", value: [1])) } }
            try await group.waitForAll()
        }
        let commits = b.commitCount - before
        #expect(commits < 100, "200 concurrent writes took \(commits) commits")
        #expect(try await b.list(prefix: "").count == 200)
        try await b.close()
    }

    @Test("checkpoints run beside the writer, and what they copied survives a reopen")
    func backgroundCheckpoints() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let b = try await SQLiteBackend.open(path: path)
        for i in 0..<(SQLiteCheckpointer.commitsPerCheckpoint * 3) {
            try await b.put(PhysicalEntry(key: "c/\(i)", value: [UInt8(i % 256)]))  // one commit each
        }
        // The checkpointer runs on its own; give it a moment to finish its first pass.
        for _ in 0..<200 where b.checkpointCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(b.checkpointCount >= 1)
        try await b.close()
        let reopened = try await SQLiteBackend.open(path: path)
        #expect(try await reopened.list(prefix: "c/").count == SQLiteCheckpointer.commitsPerCheckpoint * 3)
        #expect(try await reopened.get("c/5")?.value == [5])
        try await reopened.close()
    }

    @Test("under a steady stream of commits the WAL starts over, so it stays short")
    func walRestartsUnderSteadyWrites() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let b = try await SQLiteBackend.open(path: path)
        // Each value fills most of a page, so every commit appends at least one 4 KiB frame: 1,500
        // commits that never let the WAL start over would leave it about 6 MiB or more.
        let value = [UInt8](repeating: 0x5A, count: 3000)
        for i in 0..<1500 {
            try await b.put(PhysicalEntry(key: "w/\(i)", value: value))
        }
        var info = stat()
        #expect(stat(path + "-wal", &info) == 0)
        #expect(Int(info.st_size) < 3 * 1024 * 1024, "WAL of \(info.st_size) bytes after 1,500 commits")
        #expect(b.checkpointCount >= 1)
        try await b.close()
    }

    @Test("commits that each add many WAL frames start a checkpoint by frames, before the commit count")
    func checkpointByFrames() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let b = try await SQLiteBackend.open(path: path)
        // 40 values of most of a page each: every commit adds about 40 frames, so 30 commits add
        // more than `framesPerCheckpoint` while staying under `commitsPerCheckpoint`.
        let value = [UInt8](repeating: 0xA5, count: 3000)
        #expect(30 * 40 > SQLiteCheckpointer.framesPerCheckpoint && 30 < SQLiteCheckpointer.commitsPerCheckpoint)
        for commit in 0..<30 {
            try await b.apply((0..<40).map { .put(PhysicalEntry(key: "f/\(commit)/\($0)", value: value)) })
        }
        // The pass runs on the checkpointer's thread; give it a moment.
        for _ in 0..<200 where b.checkpointCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(b.checkpointCount >= 1, "no checkpoint after 30 commits of 40 frames")
        #expect(b.commitCount == 30)
        try await b.close()
    }

    @Test("a passive checkpoint from a connection that has read nothing still copies the WAL")
    func checkpointFromFreshConnection() throws {
        let path = temporaryDirectory() + "/arca.db"
        let writer = try SQLiteWriteConnection.open(
            path: path, pragmas: ["PRAGMA journal_mode=WAL"], checkpointAt: SQLiteBackend.checkpointPages)
        defer { writer.close() }
        try writer.commit(puts: (0..<20).map { PhysicalEntry(key: "c/\($0)", value: [UInt8](repeating: 7, count: 3000)) }, deletes: [])
        #expect(writer.walFrames >= 20, "the WAL hook counts the frames of each commit")
        let fresh = try SQLiteHandle.open(path: path, create: false)
        defer { fresh.close() }
        let pass = try #require(fresh.checkpointPassive())
        #expect(pass.frames == writer.walFrames && pass.copied == pass.frames)
    }

    @Test("a batch that writes one key several times ends with its last operation")
    func lastOperationWins() async throws {
        let b = try await SQLiteBackend.open(path: temporaryDirectory() + "/arca.db")
        try await b.apply([.put(PhysicalEntry(key: "d", value: [4])), .put(PhysicalEntry(key: "e", value: [5]))])
        try await b.apply([
            .put(PhysicalEntry(key: "a", value: [1])), .delete("a"),
            .put(PhysicalEntry(key: "b", value: [1])), .put(PhysicalEntry(key: "b", value: [2])),
            .delete("c"), .put(PhysicalEntry(key: "c", value: [3])),
            .delete("d"), .put(PhysicalEntry(key: "e", value: [6])),
        ])
        #expect(try await b.get("a") == nil)
        #expect(try await b.get("b")?.value == [2])
        #expect(try await b.get("c")?.value == [3])
        #expect(try await b.get("d") == nil)
        #expect(try await b.get("e")?.value == [6])
        try await b.close()
    }

    @Test("releasing the page caches while writes and reads run loses nothing")
    func releaseMemoryUnderLoad() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let b = try await SQLiteBackend.open(path: path)
        try await b.apply((0..<500).map { .put(PhysicalEntry(key: "r/\($0)", value: [UInt8($0 % 256)])) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<300 { group.addTask { try await b.put(PhysicalEntry(key: "w/\(i)", value: [UInt8(i % 256)])) } }
            for i in 0..<300 {
                group.addTask {
                    let value = try await b.get("r/\(i)")?.value
                    #expect(value == [UInt8(i % 256)])
                }
            }
            for _ in 0..<20 { group.addTask { await b.releaseMemory() } }
            try await group.waitForAll()
        }
        await b.releaseMemory()
        #expect(try await b.list(prefix: "w/").count == 300)
        #expect(try await b.get("r/499")?.value == [UInt8(499 % 256)])
        try await b.close()
        let reopened = try await SQLiteBackend.open(path: path)
        #expect(try await reopened.list(prefix: "w/").count == 300)
        try await reopened.close()
    }

    #if os(Linux)
    @Test("random-access advice reaches the descriptors of the database and its WAL, and no other file")
    func randomAccessAdvice() async throws {
        let dir = temporaryDirectory()
        let b = try await SQLiteBackend.open(path: dir + "/arca.db")
        try await b.put(PhysicalEntry(key: "k", value: [1]))
        // The writer, the checkpointer and a reader each have the database open; the writer and
        // the reader the WAL too.
        #expect(RandomAccessAdvice.apply(toFilesOf: dir + "/arca.db") >= 4)
        #expect(RandomAccessAdvice.apply(toFilesOf: dir + "/other.db") == 0)
        try await b.close()
    }
    #endif

    @Test("a batch of a thousand puts, then a thousand deletes, each one transaction, all land")
    func largeBatch() async throws {
        let b = try await SQLiteBackend.open(path: temporaryDirectory() + "/arca.db")
        try await b.apply((0..<1_203).map { .put(PhysicalEntry(key: "k/\($0)", value: [UInt8($0 % 256)])) })
        #expect(try await b.list(prefix: "k/").count == 1_203)
        try await b.apply((0..<1_101).map { .delete("k/\($0)") })
        #expect(try await b.list(prefix: "k/").count == 102)
        #expect(try await b.get("k/1202")?.value == [UInt8(1202 % 256)])
        try await b.close()
    }

    @Test("closing while writes are queued: each write either lands or fails, none hangs, later ones fail")
    func closeUnderWrites() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let b = try await SQLiteBackend.open(path: path)
        let landed = try await withThrowingTaskGroup(of: String?.self) { group in
            for i in 0..<200 {
                group.addTask { (try? await b.put(PhysicalEntry(key: "q/\(i)", value: [1]))) != nil ? "q/\(i)" : nil }
            }
            group.addTask {
                try await b.close()
                return nil
            }
            return try await group.reduce(into: Set<String>()) { if let key = $1 { $0.insert(key) } }
        }
        await #expect(throws: PhysicalError.self) { try await b.put(PhysicalEntry(key: "late", value: [1])) }
        let reopened = try await SQLiteBackend.open(path: path)
        #expect(Set(try await reopened.list(prefix: "q/").map { "q/" + $0 }) == landed)
        try await reopened.close()
    }
}
