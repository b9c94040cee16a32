@testable import ArcaStorage
import ArcaTesting
import Testing

#if canImport(Foundation) && os(Linux)
import Foundation

/// The store belongs to one process while it is open (`SQLiteHandle.vfs`): its connections share
/// the WAL index in memory and lock among themselves, and another process cannot open it.
@Suite struct ExclusiveStoreTests {
    /// Runs `script` with Python's sqlite3 module (the default unix VFS, as any other tool would
    /// open the file) on `path`; its output, or nil when python3 is missing.
    static func python(_ script: String, _ path: String) -> String? {
        PythonScript.run("import sqlite3, sys\n" + script, [path])?.output
    }

    static let count = """
        try:
            c = sqlite3.connect(sys.argv[1], timeout=0)
            print(c.execute('SELECT count(*) FROM entries').fetchone()[0])
        except sqlite3.OperationalError as e:
            print('refused: ' + str(e))
        """

    @Test("another process cannot open an open store, and can once it is closed; no -shm file")
    func otherProcessRefused() async throws {
        let path = temporaryDirectory() + "/arca.db"
        let store = try await SQLiteBackend.open(path: path)
        for i in 0..<10 { try await store.put(PhysicalEntry(key: "k\(i)", value: [UInt8(i)])) }
        #expect(try await store.get("k3")?.value == [3])
        #expect(access(path + "-shm", F_OK) != 0, "the WAL index lives in memory")

        guard let whileOpen = Self.python(Self.count, path) else { return }
        #expect(whileOpen.hasPrefix("refused: database is locked"), "got \(whileOpen)")
        try await store.close()
        #expect(Self.python(Self.count, path) == "10")
    }

    @Test("opening a store another process is reading fails with a clear message")
    func secondWriterMessage() async throws {
        // A fresh store that Python is reading, as any other tool or server could be. With the
        // default VFS a writer opens beside a reader (WAL lets them run together); here it must
        // not. The store is one this process has never opened: reopened here right after closing
        // it, a store was not refused while this test was written, and a second server is a
        // second process anyway.
        let path = temporaryDirectory() + "/arca.db"
        let script = """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('PRAGMA journal_mode=WAL')
            c.execute('CREATE TABLE t (x)')
            c.execute('BEGIN')
            c.execute('SELECT count(*) FROM t').fetchone()
            print('held', flush=True)
            time.sleep(30)
            """
        guard let (holder, out) = PythonScript.start(script, [path]) else { return }
        defer { holder.terminate() }
        // The other process must really hold the store, or the open below proves nothing.
        let ready = String(decoding: out.availableData, as: UTF8.self)
        try #require(ready.hasPrefix("held"), "the Python reader did not start: \(ready)")
        await #expect {
            try await SQLiteBackend.open(path: path)
        } throws: { error in
            "\(error)".contains("in use by another process")
        }
    }
}
#endif
