import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import FoundationEssentials
import Testing

/// Audit devices from the server config, and the API's part in them (OpenBao 2.x's model).
@Suite struct AuditDeclaredTests {
    @discardableResult
    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String?, _ data: [String: JSONValue] = [:])
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(
            operation: op, path: path, data: data, token: token, requestID: "req-\(path)", remoteAddress: "127.0.0.1")
    }

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-decl-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// A core over `physical` with `settings`, unsealed with `shares`.
    func unseal(_ physical: any PhysicalBackend, _ shares: [[UInt8]], _ settings: AuditSettings) async throws -> Core {
        let (core, _) = TestCore.make(physical: physical)
        await core.audit.configure(settings)
        for share in shares.prefix(3) { _ = try await core.sealManager.submitUnsealKey(Base64.encode(share)) }
        return core
    }

    @Test("without unsafe_allow_api_audit_creation, sys/audit/<path> refuses with OpenBao's message and writes nothing")
    func apiCreationRefused() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.log"
        await #expect(
            throws: LogicalError.invalidRequest(
                "cannot enable audit device via API; use declarative, config-based audit device management instead")
        ) {
            try await call(core, .update, "sys/audit/file", token: root, ["type": "file", "options": ["file_path": .string(log)]])
        }
        #expect(!FileManager.default.fileExists(atPath: log))
        #expect(await core.audit.list().isEmpty && !core.audit.isEnabled)
        // Disabling a path with no device still succeeds, as in OpenBao.
        try await call(core, .delete, "sys/audit/none", token: root)
    }

    @Test("a prefix needs allow_audit_log_prefixing, with OpenBao's message")
    func prefixNeedsItsSetting() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        await core.audit.configure(AuditSettings(allowAPICreation: true))
        let body: [String: JSONValue] = ["type": "file", "options": ["file_path": "discard", "prefix": "* * * * * root sh "]]
        await #expect(throws: LogicalError.invalidRequest("audit log prefixing is not allowed")) {
            try await call(core, .update, "sys/audit/p", token: root, body)
        }
        await core.audit.configure(AuditSettings(allowAPICreation: true, allowPrefixing: true))
        try await call(core, .update, "sys/audit/p", token: root, body)
        #expect(await core.audit.list().map(\.path) == ["p/"])
    }

    @Test("a declared device is created at unseal, records requests, cannot be disabled over the API, and goes with its stanza")
    func declaredLifecycle() async throws {
        let physical = InMemoryBackend()
        let (first, shares, root) = try await TestCore.unsealed(physical: physical)
        await first.sealManager.sealNow()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/declared.log"
        let declared = DeclaredAuditDevice(
            path: "cfg", type: "file", description: "from config", options: ["file_path": log, "log_raw": "false"])

        let core = try await unseal(physical, shares, AuditSettings(declared: [declared]))
        #expect(await core.audit.list().map(\.path) == ["cfg/"])
        let listed = try #require(try await call(core, .read, "sys/audit", token: root)?.data?["cfg/"])
        #expect(listed == ["type": "file", "description": "from config", "local": false, "path": "cfg/",
                           "options": ["file_path": .string(log), "log_raw": "false"]])
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains(#""path":"sys/audit/test""#) == true, "a new declared device gets the test entry first")
        #expect(lines.contains { $0.contains(#""path":"sys/audit""#) })
        await #expect(throws: LogicalError.invalidRequest("cannot disable configuration-managed audit device")) {
            try await call(core, .delete, "sys/audit/cfg", token: root)
        }
        let hash = try core.audit.hash(path: "cfg", input: "x")
        await core.sealManager.sealNow()

        // The same config again: the same device and salt, and no second test entry.
        let again = try await unseal(physical, shares, AuditSettings(declared: [declared]))
        #expect(try again.audit.hash(path: "cfg", input: "x") == hash)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.components(separatedBy: "sys/audit/test").count == 2)
        await again.sealManager.sealNow()

        // The stanza removed: the device and its salt are gone.
        let removed = try await unseal(physical, shares, AuditSettings())
        #expect(await removed.audit.list().isEmpty && !removed.audit.isEnabled)
        #expect(try await removed.barrier.list(prefix: "audit/").isEmpty)
        await removed.sealManager.sealNow()
    }

    @Test("a declared device whose path clashes with an API-enabled device fails the unseal with a message naming both")
    func clashWithAPIDevice() async throws {
        let physical = InMemoryBackend()
        let (first, shares, root) = try await TestCore.unsealed(physical: physical)
        await first.audit.configure(AuditSettings(allowAPICreation: true))
        try await call(first, .update, "sys/audit/x", token: root, ["type": "file", "options": ["file_path": "discard"]])
        await first.sealManager.sealNow()
        let (core, _) = TestCore.make(physical: physical)
        await core.audit.configure(AuditSettings(declared: [DeclaredAuditDevice(path: "x", type: "file", options: ["file_path": "discard"])]))
        var failure: String?
        for share in shares.prefix(3) {
            do {
                _ = try await core.sealManager.submitUnsealKey(Base64.encode(share))
            } catch {
                failure = "\(error)"
            }
        }
        #expect(core.isSealed)
        #expect(failure?.contains(#"the audit device "x/" declared in the config clashes with the device enabled over the API at "x/""#) == true)
    }

    @Test("with the API allowed, the file rules still hold: a protected file and a non-audit file are refused")
    func apiStillGuarded() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/arca.db"
        try Data("SQLite format 3\u{0}rest".utf8).write(to: URL(fileURLWithPath: db))
        await core.audit.configure(AuditSettings(allowAPICreation: true, fileGuard: AuditFileGuard(protectedFiles: [db, db + "-wal"])))
        for target in [db, db + "-wal"] {
            await #expect(throws: LogicalError.self) {
                try await call(core, .update, "sys/audit/f", token: root, ["type": "file", "options": ["file_path": .string(target)]])
            }
        }
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"), "nothing created where SQLite would look for its log")
        let notes = dir + "/notes.txt"
        try Data("not an audit log\n".utf8).write(to: URL(fileURLWithPath: notes))
        await #expect(throws: LogicalError.self) {
            try await call(core, .update, "sys/audit/f", token: root, ["type": "file", "options": ["path": .string(notes), "mode": "0666"]])
        }
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "not an audit log\n")
        #expect(await core.audit.list().isEmpty)
        // The legacy `path` option names the file too.
        try await call(core, .update, "sys/audit/f", token: root, ["type": "file", "options": ["path": .string(dir + "/new.log")]])
        #expect(FileManager.default.fileExists(atPath: dir + "/new.log"))
    }
}
