@testable import ArcaStorage
import Testing

#if canImport(Foundation) && os(Linux)
import Foundation

/// The store belongs to one process while it is open (`SQLiteHandle.vfs`): its connections share
/// the WAL index in memory and lock among themselves, and another process cannot open it.
@Suite struct ExclusiveStoreTests {
    /// Runs `script` with Python's sqlite3 module (the default unix VFS, as any other tool would
    /// open the file) on `path`; its output, or nil when python3 is missing.
    static func python(_ script: String, _ path: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys\n" + script, path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
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

        guard let whileOpen = try Self.python(Self.count, path) else { return }
        #expect(whileOpen.hasPrefix("refused: database is locked"), "got \(whileOpen)")
        try await store.close()
        #expect(try Self.python(Self.count, path) == "10")
    }

    @Test("opening a store another process holds fails with a clear message")
    func secondWriterMessage() async throws {
        // A fresh store, held by Python in a write transaction as another server's writer would
        // hold it. (Reopened in this process right after closing it, the same store was not
        // refused while writing this test: SQLite keeps a file's lock state per process while
        // any connection to it is still finishing, so the case is a second process, as here.)
        let path = temporaryDirectory() + "/arca.db"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('PRAGMA journal_mode=WAL')\nc.execute('BEGIN EXCLUSIVE')\nprint('held', flush=True)\ntime.sleep(30)",
            path,
        ]
        let out = Pipe()
        holder.standardOutput = out
        holder.standardError = Pipe()
        do { try holder.run() } catch { return }
        defer { holder.terminate() }
        let ready = out.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).hasPrefix("held") else { return }
        await #expect {
            try await SQLiteBackend.open(path: path)
        } throws: { error in
            "\(error)".contains("in use by another process")
        }
    }
}
#endif
