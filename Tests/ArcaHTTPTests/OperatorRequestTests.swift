import ArcaCore
import ArcaHTTP
import ArcaSDK
import ArcaTesting
import ArcaWire
import FoundationEssentials
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The HTTP layer's own sys endpoints (seal, rotate, key-status, rekey, root rotation) take the
/// request path every routed request takes: token, CIDR bindings, ACL, audit (fail closed).
@Suite struct OperatorRequestTests {
    /// An initialized, unsealed server on a real socket (the caller is 127.0.0.1).
    func live(_ body: @escaping @Sendable (WireHarness, String) async throws -> Void) async throws {
        let (core, _) = TestCore.make()
        let app = Application(router: ArcaRouter.make(core: core))
        try await app.test(.live) { client in
            let h = WireHarness(core: core, client: client)
            let (_, root) = try await h.initAndUnseal()
            try await body(h, root)
        }
    }

    /// A token with `policies` bound to `cidrs`, stored directly (Vault binds through roles and logins).
    func boundToken(_ core: Core, policies: [String], cidrs: [String]) async throws -> String {
        var entry = TokenEntry(
            accessor: "", policies: policies, path: "auth/token/create", displayName: "token", creationTime: 0)
        entry.boundCIDRs = cidrs
        return try await core.tokens.store(entry).id
    }

    func token(_ h: WireHarness, root: String, policy: String, text: String) async throws -> String {
        try await h.core.policies.put(name: policy, text: text)
        let r = try await h.call(.post, "/v1/auth/token/create", token: root, json: #"{"policies":["\#(policy)"]}"#)
        return try #require(r.body?["auth"]?["client_token"]?.stringValue)
    }

    @Test("sys/rotate and sys/seal each leave a request and a response entry in a file audit device")
    func audited() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-op-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/audit.log"
        try await live { h, root in
            try await h.core.audit.enable(
                path: "file", type: "file", description: "", options: ["file_path": file], local: false)
            #expect(try await h.call(.put, "/v1/sys/rotate", token: root).status == 204)
            #expect(try await h.call(.get, "/v1/sys/key-status", token: root).status == 200)
            #expect(try await h.call(.put, "/v1/sys/seal", token: root).status == 204)
            #expect(h.core.isSealed)
            let entries = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8)) }
            for (path, operation) in [("sys/rotate", "update"), ("sys/key-status", "read"), ("sys/seal", "update")] {
                let mine = entries.filter { $0["request"]?["path"]?.stringValue == path }
                #expect(mine.map { $0["type"]?.stringValue } == ["request", "response"], "\(path)")
                #expect(mine.allSatisfy {
                    $0["request"]?["operation"]?.stringValue == operation && $0["request"]?["mount_type"] == "system"
                        && $0["request"]?["remote_address"] == "127.0.0.1" && $0["auth"]?["policies"] == ["root"]
                }, "\(path)")
            }
        }
    }

    @Test("a token bound to 10.0.0.0/8 is refused on sys/rotate and sys/seal from 127.0.0.1")
    func cidrBinding() async throws {
        try await live { h, root in
            let elsewhere = try await boundToken(h.core, policies: ["root"], cidrs: ["10.0.0.0/8"])
            let term = try h.core.barrier.keyStatus().term
            for path in ["/v1/sys/rotate", "/v1/sys/seal", "/v1/sys/rotate/root/init", "/v1/sys/rekey/init"] {
                let r = try await h.call(.put, path, token: elsewhere, json: #"{"secret_shares":1,"secret_threshold":1}"#)
                #expect(r.status == 403 && r.errors == ["permission denied"], "\(path)")
            }
            let status = try await h.call(.get, "/v1/sys/key-status", token: elsewhere)
            #expect(status.status == 403)
            #expect(try h.core.barrier.keyStatus().term == term)
            #expect(!h.core.isSealed)
            #expect(try await h.core.sealManager.rekeyState().started == false)
            // The same token bound to the caller's network is served.
            let here = try await boundToken(h.core, policies: ["root"], cidrs: ["127.0.0.0/8"])
            #expect(try await h.call(.put, "/v1/sys/rotate", token: here).status == 204)
            #expect(try h.core.barrier.keyStatus().term == term + 1)
        }
    }

    @Test("with the only audit device failing, sys/seal and sys/rotate are refused and the server stays unsealed")
    func failClosed() async throws {
        try await live { h, root in
            let device = SwitchableAuditDevice()
            await h.core.audit.register(type: "switchable") { _ in device }
            try await h.core.audit.enable(path: "sw", type: "switchable", description: "", options: [:], local: false)
            let term = try h.core.barrier.keyStatus().term
            device.failing.withLock { $0 = true }
            var r = try await h.call(.put, "/v1/sys/seal", token: root)
            #expect(r.status == 500 && r.errors == ["internal error"])
            #expect(!h.core.isSealed)
            r = try await h.call(.put, "/v1/sys/rotate", token: root)
            #expect(r.status == 500)
            #expect(try h.core.barrier.keyStatus().term == term)
            device.failing.withLock { $0 = false }
            #expect(try await h.call(.put, "/v1/sys/seal", token: root).status == 204)
            #expect(h.core.isSealed)
        }
    }

    @Test("sudo as OpenBao asks it: 403 '1 error occurred' without it on sys/rotate and sys/seal; key-status needs only read")
    func sudo() async throws {
        try await live { h, root in
            let t = try await token(
                h, root: root, policy: "ops", text: #"path "sys/*" { capabilities = ["create", "read", "update", "delete", "list"] }"#)
            for path in ["/v1/sys/rotate", "/v1/sys/seal", "/v1/sys/rotate/root/init", "/v1/sys/rekey/init"] {
                let r = try await h.call(.put, path, token: t, json: #"{"secret_shares":1,"secret_threshold":1}"#)
                #expect(r.status == 403 && r.errors == ["1 error occurred:\n\t* permission denied\n\n"], "\(path)")
            }
            #expect(!h.core.isSealed)
            let status = try await h.call(.get, "/v1/sys/key-status", token: t)
            #expect(status.status == 200 && status.body?["term"] == 1 && status.body?["data"]?["term"] == 1)
            #expect(try await h.call(.get, "/v1/sys/key-status").status == 403)
            let sudoer = try await token(
                h, root: root, policy: "sudoer", text: #"path "sys/*" { capabilities = ["update", "read", "sudo"] }"#)
            #expect(try await h.call(.put, "/v1/sys/rotate", token: sudoer).status == 204)
            #expect(try h.core.barrier.keyStatus().term == 2)
        }
    }

    @Test("a one-use token is spent by sys/rotate")
    func useCount() async throws {
        try await live { h, root in
            let r = try await h.call(
                .post, "/v1/auth/token/create", token: root, json: #"{"policies":["root"],"num_uses":1}"#)
            let once = try #require(r.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await h.call(.put, "/v1/sys/rotate", token: once).status == 204)
            #expect(try await h.call(.put, "/v1/sys/rotate", token: once).status == 403)
        }
    }
}

/// An audit device that accepts entries until told to fail.
final class SwitchableAuditDevice: AuditDevice {
    let failing = Mutex(false)

    func write(_ line: [UInt8]) async throws {
        if failing.withLock({ $0 }) { throw AuditDeviceError("refused by the test") }
    }

    func reopen() async throws {}
    func close() async {}
}
