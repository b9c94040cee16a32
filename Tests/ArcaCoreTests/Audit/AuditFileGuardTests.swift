@testable import ArcaCore
import ArcaSDK
import FoundationEssentials
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a file audit device may write (`AuditFileGuard`): never the server's own files, an
/// existing file only when it is an audit log, and `mode` only on a file it created.
@Suite struct AuditFileGuardTests {
    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-guard-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func write(_ text: String, to path: String, mode: Int = 0o644) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }

    @Test("an existing file that is not an audit log is neither appended to nor chmod-ed")
    func existingNonAuditFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in [("key.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n"), ("db", "SQLite format 3\u{0}\u{10}"),
                             ("server.hcl", "storage \"sqlite\" {}\n"), ("other.json", #"{"name":"x"}"# + "\n")] {
            let path = dir + "/" + name
            try write(text, to: path)
            #expect(throws: AuditDeviceError.self) { try FileAuditDevice(options: ["file_path": path, "mode": "0666"]) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
            #expect(try mode(path) == 0o644, "the mode option never touches a file the device did not create")
        }
    }

    @Test("an existing audit log is appended to and keeps its mode; an empty file is taken too")
    func existingAuditLog() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.log"
        let entry = #"{"auth":{},"request":{"path":"sys/audit/test"},"time":"2026-01-01T00:00:00Z","type":"request"}"#
        try write(entry + "\n", to: log)
        let device = try FileAuditDevice(options: ["file_path": log, "mode": "0600"])
        try await device.write(Array("next\n".utf8))
        await device.close()
        #expect(try String(contentsOfFile: log, encoding: .utf8) == entry + "\nnext\n")
        #expect(try mode(log) == 0o644)

        let prefixed = dir + "/prefixed.log"
        try write("ARCA " + entry + "\n", to: prefixed)
        await (try FileAuditDevice(options: ["file_path": prefixed, "prefix": "ARCA "])).close()

        let empty = dir + "/empty.log"
        try write("", to: empty, mode: 0o640)
        await (try FileAuditDevice(options: ["file_path": empty])).close()
        #expect(try mode(empty) == 0o640)

        let fresh = dir + "/fresh.log"
        await (try FileAuditDevice(options: ["file_path": fresh, "mode": "0640"])).close()
        #expect(try mode(fresh) == 0o640, "a file the device creates gets the mode")
    }

    @Test("protected files are refused by path, through a symlink, and through a hard link")
    func protectedFiles() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = dir + "/tls.key"
        let entry = #"{"time":"t","type":"request"}"#
        try write(entry + "\n", to: key)  // even content that looks like a log does not make it writable
        let fileGuard = AuditFileGuard(protectedFiles: [key, dir + "/arca.db-wal"])
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: key)
        #expect(link(key, dir + "/hard") == 0)
        for path in [key, dir + "/link", dir + "/hard", dir + "/../" + URL(fileURLWithPath: dir).lastPathComponent + "/tls.key",
                     dir + "/arca.db-wal"] {
            #expect(throws: AuditDeviceError.self, "\(path)") { try FileAuditDevice(options: ["file_path": path], guard: fileGuard) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/arca.db-wal"))
        #expect(try String(contentsOfFile: key, encoding: .utf8) == entry + "\n")
    }

    @Test("device nodes are refused, except the process's own streams")
    func deviceNodes() async throws {
        #expect(throws: AuditDeviceError.self) { try FileAuditDevice(options: ["file_path": "/dev/zero"]) }
        let null = try FileAuditDevice(options: ["file_path": "/dev/null", "mode": "0600"])
        try await null.write(Array("x\n".utf8))
        await null.close()
        #expect(try mode("/dev/null") == 0o666)
    }

    @Test("the first-line rule", arguments: [
        (#"{"time":"2026-01-01T00:00:00Z","type":"response","auth":{}}"# + "\n", "", true),
        (#"{"time":"2026-01-01T00:00:00Z","type":"request"}"#, "", true),  // a one-entry file without its newline
        (#"{"time":"2026-01-01T00:00:00Z","type":"requ"#, "", false),  // a short file cut mid-entry
        (#"{"time":"2026-01-01T00:00:00Z","type":"other"}"# + "\n", "", false),
        (#"{"type":"request"}"# + "\n", "", false),
        ("P " + #"{"time":"t","type":"request"}"# + "\n", "P ", true),
        ("P " + #"{"time":"t","type":"request"}"# + "\n", "", false),
        (#"<?xml version="1.0"?><json:object><json:string name="type">request</json:string></json:object>"# + "\n", "", true),
        ("hello\n", "", false),
        ("\n", "", false),
    ])
    func firstLine(text: String, prefix: String, accepted: Bool) {
        #expect(AuditFileGuard.startsWithAuditEntry(Array(text.utf8), prefix: prefix) == accepted)
    }

    @Test("a first line longer than what is read is judged by how an entry starts")
    func longFirstLine() {
        let filler = String(repeating: "a", count: AuditFileGuard.firstLineLimit)
        func head(_ text: String) -> [UInt8] { Array(text.utf8.prefix(AuditFileGuard.firstLineLimit)) }
        #expect(AuditFileGuard.startsWithAuditEntry(head(#"{"auth":{"x":""# + filler), prefix: ""), "Arca's member order")
        #expect(AuditFileGuard.startsWithAuditEntry(head(#"{"time":"t","x":""# + filler), prefix: ""), "OpenBao's")
        #expect(!AuditFileGuard.startsWithAuditEntry(head(#"{"name":""# + filler), prefix: ""))
    }
}
