import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import FoundationEssentials
import Synchronization
import Testing

@Suite struct AuditBrokerTests {
    /// An unsealed core whose config allows API-created audit devices (as dev mode does).
    static func unsealed(physical: any PhysicalBackend = InMemoryBackend()) async throws
        -> (core: Core, shares: [[UInt8]], rootToken: String)
    {
        let started = try await TestCore.unsealed(physical: physical)
        await started.core.audit.configure(AuditSettings(allowAPICreation: true))
        return started
    }

    /// An unsealed core with a KV v1 mount at `secret/` and a memory device enabled at `mem/`.
    func coreWithDevice() async throws -> (Core, String, MemoryAuditDevice) {
        let (core, _, root) = try await Self.unsealed()
        let device = MemoryAuditDevice()
        await core.audit.register(type: "memory") { _ in device }
        _ = try await call(core, .update, "sys/mounts/secret", token: root, ["type": "kv"])
        _ = try await call(core, .update, "sys/audit/mem", token: root, ["type": "memory"])
        return (core, root, device)
    }

    @discardableResult
    func call(_ core: Core, _ op: ArcaSDK.Operation, _ path: String, token: String?, _ data: [String: JSONValue] = [:])
        async throws -> LogicalResponse?
    {
        try await RequestHandler(core: core).handle(
            operation: op, path: path, data: data, token: token, requestID: "req-\(path)", remoteAddress: "127.0.0.1")
    }

    @Test("a request and its response are both recorded, after the ACL and with the final operation")
    func recordsBoth() async throws {
        let (core, root, device) = try await coreWithDevice()
        try await call(core, .update, "secret/app", token: root, ["password": "hunter2"])
        let entries = device.entries.filter { $0["request"]?["path"] == "secret/app" }
        #expect(entries.map { $0["type"] } == ["request", "response"])
        #expect(entries.allSatisfy { $0["request"]?["operation"] == "create" && $0["request"]?["mount_type"] == "kv" })
        #expect(entries.allSatisfy { $0["auth"]?["policies"] == ["root"] })
        #expect(!device.lines.joined().contains("hunter2") && !device.lines.joined().contains(root))
    }

    @Test("fail closed: no device records the request, so the backend never runs and the request fails")
    func failClosedRequest() async throws {
        let (core, root, device) = try await coreWithDevice()
        try await call(core, .update, "secret/app", token: root, ["v": "one"])
        device.fail(requests: true)
        await #expect(throws: AuditError.self) { try await call(core, .update, "secret/app", token: root, ["v": "two"]) }
        // Even a request that would be refused for its token fails on the audit first, as in Vault.
        await #expect(throws: AuditError.self) { try await call(core, .read, "secret/app", token: "s.bogus") }
        device.fail()
        #expect(try await call(core, .read, "secret/app", token: root)?.data?["v"] == "one", "the write never ran")
    }

    @Test("fail closed: no device records the response, so the response is withheld")
    func failClosedResponse() async throws {
        let (core, root, device) = try await coreWithDevice()
        try await call(core, .update, "secret/app", token: root, ["v": "one"])
        device.fail(responses: true)
        await #expect(throws: AuditError.self) { try await call(core, .read, "secret/app", token: root) }
        device.fail()
        let lastRequest = device.entries.last(where: { $0["type"] == "request" })
        #expect(lastRequest?["request"]?["operation"] == "read", "the request entry was written before the backend ran")
    }

    @Test("one device that records is enough when another fails")
    func oneOfTwo() async throws {
        let (core, root, device) = try await coreWithDevice()
        let other = MemoryAuditDevice()
        await core.audit.register(type: "memory2") { _ in other }
        try await call(core, .update, "sys/audit/other", token: root, ["type": "memory2"])
        device.fail(requests: true, responses: true)
        try await call(core, .update, "secret/app", token: root, ["v": "one"])
        #expect(other.entries.filter { $0["request"]?["path"] == "secret/app" }.count == 2)
    }

    @Test("a denied request is recorded with its error, in a request and a response entry")
    func denied() async throws {
        let (core, root, device) = try await coreWithDevice()
        try await core.policies.put(name: "none", text: #"path "other/*" { capabilities = ["read"] }"#)
        let created = try await call(core, .update, "auth/token/create", token: root, ["policies": ["none"]])
        let token = try #require(created?.auth?["client_token"]?.stringValue)
        await #expect(throws: LogicalError.self) { try await call(core, .read, "secret/app", token: token) }
        let entries = device.entries.filter { $0["request"]?["path"] == "secret/app" }
        let denial = "1 error occurred:\n\t* permission denied\n\n"
        #expect(entries.map { $0["type"] } == ["request", "response"])
        #expect(entries.allSatisfy { $0["error"] == .string(denial) })
        #expect(entries[0]["auth"]?["policies"] == ["default", "none"])
        #expect(entries[1]["response"]?["data"]?["error"]?.stringValue?.hasPrefix("hmac-sha256:") == true)
        // The token-creation response entry has the new token hashed.
        let creation = try #require(device.entries.first { $0["type"] == "response" && $0["request"]?["path"] == "auth/token/create" })
        #expect(creation["response"]?["auth"]?["client_token"]?.stringValue?.hasPrefix("hmac-sha256:") == true)
        #expect(!device.lines.joined().contains(token))
    }

    @Test("an unknown token is recorded with token_type default and its id hashed")
    func unknownToken() async throws {
        let (core, _, device) = try await coreWithDevice()
        await #expect(throws: LogicalError.permissionDenied) { try await call(core, .read, "secret/app", token: "s.unknown") }
        let request = try #require(device.entries.first { $0["request"]?["path"] == "secret/app" })
        #expect(request["auth"] == ["token_type": "default"] && request["error"] == "permission denied")
        #expect(request["request"]?["client_token"]?.stringValue?.hasPrefix("hmac-sha256:") == true)
        #expect(request["request"]?["mount_point"] == "secret/", "the targeted mount is named even for a refused token")
    }

    @Test("sys/audit lists devices; sys/audit-hash reproduces the log's hashes; unknown paths are 400s")
    func listAndHash() async throws {
        let (core, root, device) = try await coreWithDevice()
        let list = try #require(try await call(core, .read, "sys/audit", token: root)?.data)
        #expect(list["mem/"] == ["type": "memory", "description": "", "options": [:], "local": false, "path": "mem/"])
        try await call(core, .update, "secret/app", token: root, ["password": "hunter2"])
        let hashed = try #require(try await call(core, .update, "sys/audit-hash/mem", token: root, ["input": "hunter2"])?.data?["hash"])
        let request = try #require(device.entries.first { $0["request"]?["path"] == "secret/app" })
        #expect(request["request"]?["data"]?["password"] == hashed)
        await #expect(throws: LogicalError.invalidRequest("unknown audit backend \"nope/\"")) {
            try await call(core, .update, "sys/audit-hash/nope", token: root, ["input": "x"])
        }
        await #expect(throws: LogicalError.invalidRequest("the \"input\" parameter is empty")) {
            try await call(core, .update, "sys/audit-hash/mem", token: root, [:])
        }
    }

    @Test("enable refuses unknown types, taken paths and devices that fail their test entry; nothing is persisted")
    func enableRefusals() async throws {
        let (core, root, device) = try await coreWithDevice()
        await #expect(throws: LogicalError.invalidRequest("unknown backend type: \"nope\"")) {
            try await call(core, .update, "sys/audit/x", token: root, ["type": "nope"])
        }
        await #expect(throws: LogicalError.invalidRequest("path already in use")) {
            try await call(core, .update, "sys/audit/mem", token: root, ["type": "memory"])
        }
        let failing = MemoryAuditDevice()
        failing.fail(requests: true)
        await core.audit.register(type: "failing") { _ in failing }
        await #expect(throws: LogicalError.self) { try await call(core, .update, "sys/audit/bad", token: root, ["type": "failing"]) }
        #expect(failing.state.withLock { $0.closed })
        #expect(await core.audit.list().map(\.path) == ["mem/"])
        let stored = try #require(try await core.barrier.getJSON("core/audit")?.arrayValue)
        #expect(stored.count == 1)
        #expect(device.lines.first?.contains("sys/audit/test") == true, "the enabled device got a test entry")
    }

    @Test("sys/audit and sys/audit/* need sudo; sys/audit-hash only the capability, as in OpenBao")
    func sudo() async throws {
        let (core, root, _) = try await coreWithDevice()
        try await core.policies.put(name: "ops", text: #"path "sys/*" { capabilities = ["create", "read", "update", "delete", "list"] }"#)
        let created = try await call(core, .update, "auth/token/create", token: root, ["policies": ["ops"]])
        let token = try #require(created?.auth?["client_token"]?.stringValue)
        for (op, path) in [(ArcaSDK.Operation.read, "sys/audit"), (.update, "sys/audit/x"), (.delete, "sys/audit/mem")] {
            await #expect(throws: LogicalError.self) { try await call(core, op, path, token: token, ["type": "memory"]) }
        }
        #expect(try await call(core, .update, "sys/audit-hash/mem", token: token, ["input": "a"])?.data?["hash"] != nil)
    }

    @Test("devices and their salts survive seal and unseal; disable forgets both")
    func persistence() async throws {
        let physical = InMemoryBackend()
        let (core, shares, root) = try await Self.unsealed(physical: physical)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-audit-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("nested/audit.log").path
        try await call(core, .update, "sys/audit/file", token: root, ["type": "file", "options": ["file_path": .string(log)]])
        let before = try core.audit.hash(path: "file", input: "hunter2")
        await core.sealManager.sealNow()
        #expect(!core.audit.isEnabled)
        for share in shares.prefix(3) { _ = try await core.sealManager.submitUnsealKey(Base64.encode(share)) }
        #expect(core.audit.isEnabled)
        #expect(try core.audit.hash(path: "file", input: "hunter2") == before, "the salt is stored in the barrier")
        try await call(core, .read, "sys/audit", token: root)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.split(separator: "\n").count >= 3 && text.hasSuffix("\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // A second core over the same storage (a restart) loads the device too.
        let (again, _) = TestCore.make(physical: physical)
        for share in shares.prefix(3) { _ = try await again.sealManager.submitUnsealKey(Base64.encode(share)) }
        #expect(try again.audit.hash(path: "file", input: "hunter2") == before)
        await again.sealManager.sealNow()

        try await call(core, .delete, "sys/audit/file", token: root)
        #expect(!core.audit.isEnabled)
        #expect(try await core.barrier.list(prefix: "audit/").isEmpty, "the salt is gone")
        #expect(throws: LogicalError.self) { try core.audit.hash(path: "file", input: "x") }
    }

    @Test("a file device that cannot be opened is refused with a 400 naming the path")
    func unopenable() async throws {
        let (core, _, root) = try await Self.unsealed()
        let dir = FileManager.default.temporaryDirectory.path
        await #expect(throws: LogicalError.invalidRequest("sys/audit: failed to set up the file device: open \(dir): Is a directory")) {
            try await call(core, .update, "sys/audit/file", token: root, ["type": "file", "options": ["file_path": .string(dir)]])
        }
        await #expect(throws: LogicalError.invalidRequest("file_path is required")) {
            try await call(core, .update, "sys/audit/file", token: root, ["type": "file"])
        }
        #expect(await core.audit.list().isEmpty)
        #expect(try await core.barrier.get("core/audit") == nil)
    }

    @Test("reload reopens the file at its path: a rotated log continues in a new file")
    func rotation() async throws {
        let (core, _, root) = try await Self.unsealed()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-rot-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("audit.log").path
        try await call(core, .update, "sys/audit/file", token: root, ["type": "file", "options": ["file_path": .string(log), "mode": "0640"]])
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try await call(core, .read, "sys/audit", token: root)  // still goes to the renamed file
        #expect(await core.audit.reload().isEmpty)
        try await call(core, .read, "sys/mounts", token: root)
        let rotated = try String(contentsOfFile: log + ".1", encoding: .utf8)
        let fresh = try String(contentsOfFile: log, encoding: .utf8)
        #expect(rotated.contains(#""path":"sys/audit""#) && !rotated.contains(#""path":"sys/mounts""#))
        #expect(fresh.contains(#""path":"sys/mounts""#) && fresh.split(separator: "\n").count == 2)
        #expect(try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int == 0o640)
    }
}
