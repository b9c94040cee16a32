import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

@Suite struct ACLTests {
    func acl(_ text: String) throws -> ACL { ACL(policies: [try PolicyParser.parse(name: "p", text: text)]) }

    @Test("the least-privilege example gives exactly the access it says")
    func leastPrivilege() throws {
        let a = try acl("""
            path "secret/data/database/*" { capabilities = ["read"] }
            path "*" { capabilities = ["deny"] }
            """)
        #expect(throws: Never.self) { try a.authorize(.read, path: "secret/data/database/prod", data: [:], rootProtected: false) }
        for (op, path) in [(Operation.update, "secret/data/database/prod"), (.read, "secret/data/other"),
                           (.list, "secret/metadata/database/"), (.read, "sys/mounts"), (.delete, "secret/data/database/prod")] {
            #expect(throws: LogicalError.permissionDenied) { try a.authorize(op, path: path, data: [:], rootProtected: false) }
        }
    }

    @Test("help is open to any token, even under deny (OpenBao answers it without an ACL check)")
    func help() throws {
        let a = try acl(#"path "*" { capabilities = ["deny"] }"#)
        #expect(throws: Never.self) { try a.authorize(.help, path: "secret/data/x", data: [:], rootProtected: false) }
        #expect(throws: LogicalError.permissionDenied) { try a.authorize(.read, path: "secret/data/x", data: [:], rootProtected: false) }
    }

    @Test("sudo is needed on root-protected paths")
    func sudo() throws {
        let a = try acl(#"path "sys/audit/*" { capabilities = ["create", "update"] } path "sys/remount" { capabilities = ["update", "sudo"] }"#)
        #expect(throws: LogicalError.permissionDenied) { try a.authorize(.update, path: "sys/audit/file", data: [:], rootProtected: true) }
        #expect(throws: Never.self) { try a.authorize(.update, path: "sys/remount", data: [:], rootProtected: true) }
    }

    @Test("allowed, denied and required parameters")
    func parameters() throws {
        let a = try acl("""
            path "app/config" {
              capabilities = ["create", "update"]
              allowed_parameters = { "env" = ["dev-*", "staging"] "owner" = [] }
              denied_parameters = { "owner" = ["root"] }
              required_parameters = ["env"]
            }
            """)
        func check(_ data: [String: JSONValue]) -> Bool {
            (try? a.authorize(.update, path: "app/config", data: data, rootProtected: false)) != nil
        }
        #expect(check(["env": "dev-1"]))
        #expect(check(["env": "staging", "owner": "me"]))
        #expect(!check(["env": "prod"]), "value outside the allowed globs")
        #expect(!check(["owner": "me"]), "required parameter missing")
        #expect(!check(["env": "dev-1", "extra": 1]), "parameter not allowed")
        #expect(!check(["env": "dev-1", "owner": "root"]), "denied value")
        #expect(check(["env": ["dev-a", "dev-b"]]), "every list element must match")
        #expect(!check(["env": ["dev-a", "prod"]]))
    }

    @Test("parameter names compare case-insensitively, as in Vault: Password does not evade a rule on password")
    func parameterNameCase() throws {
        let a = try acl("""
            path "kv/denied" {
              capabilities = ["create", "update"]
              denied_parameters = { "password" = [] }
            }
            path "kv/allowed" {
              capabilities = ["create", "update"]
              allowed_parameters = { "Name" = [] "color" = ["Red"] }
            }
            path "kv/required" {
              capabilities = ["create", "update"]
              required_parameters = ["Owner"]
            }
            """)
        func check(_ path: String, _ data: [String: JSONValue]) -> Bool {
            (try? a.authorize(.update, path: path, data: data, rootProtected: false)) != nil
        }
        // OpenBao 2.7.2 answers 403 to each of these three writes.
        #expect(!check("kv/denied", ["password": "x"]))
        #expect(!check("kv/denied", ["Password": "x"]))
        #expect(!check("kv/denied", ["PASSWORD": "x"]))
        #expect(!check("kv/denied", ["user": "u", "pAssWord": "x"]))
        #expect(check("kv/denied", ["user": "u"]))
        // A policy's names are lowercased too; values still compare exactly.
        #expect(check("kv/allowed", ["name": "x"]) && check("kv/allowed", ["Name": "x"]) && check("kv/allowed", ["NAME": "x"]))
        #expect(check("kv/allowed", ["Color": "Red"]) && !check("kv/allowed", ["color": "red"]))
        #expect(!check("kv/allowed", ["Color": "Red", "color": "blue"]), "each spelling of a name is checked")
        // Vault lowercases a required name and then looks for that exact key (OpenBao: owner 204, Owner 403).
        #expect(check("kv/required", ["owner": "x"]) && !check("kv/required", ["Owner": "x"]))
    }

    @Test("parameter lists for one name spelled two ways in one policy merge")
    func parameterNameMerge() throws {
        let a = try acl(#"path "p" { capabilities = ["update"] allowed_parameters = { "env" = ["dev"] "ENV" = ["prod"] } }"#)
        #expect((try? a.authorize(.update, path: "p", data: ["env": "prod"], rootProtected: false)) != nil)
        #expect((try? a.authorize(.update, path: "p", data: ["Env": "dev"], rootProtected: false)) != nil)
        #expect((try? a.authorize(.update, path: "p", data: ["env": "qa"], rootProtected: false)) == nil)
    }

    @Test("a mount is visible to the UI lookup only through a rule at or below it, as Vault decides")
    func mountVisibility() throws {
        let a = try acl("""
            path "secret/data/app" { capabilities = ["read"] }
            path "kv/*" { capabilities = ["deny"] }
            path "kv/data/x" { capabilities = ["deny"] }
            path "pki" { capabilities = ["read"] }
            path "auth/+/login" { capabilities = ["create"] }
            path "tr*" { capabilities = ["read"] }
            """)
        #expect(a.hasAccess(under: "secret/"))
        #expect(!a.hasAccess(under: "kv/"), "deny grants nothing")
        #expect(!a.hasAccess(under: "pki/"), "a rule for the path without its slash is not under the mount")
        #expect(a.hasAccess(under: "auth/userpass/"), "+ matches the mount's segment")
        #expect(a.hasAccess(under: "transit/"), "the glob governing the mount path itself")
        #expect(!a.hasAccess(under: "other/"))
        #expect(ACL(policies: [Policy(name: "root", raw: "", rules: [])]).hasAccess(under: "anything/"))
    }

    @Test("root grants everything; an unknown path is denied")
    func rootAndUnknown() throws {
        let root = ACL(policies: [Policy(name: "root", raw: "", rules: [])])
        #expect(root.capabilities("anything/at/all") == ["root"])
        #expect(try acl(#"path "a" { capabilities = ["read"] }"#).capabilities("b") == ["deny"])
    }

    @Test("policy syntax errors are 400s with the problem named", arguments: [
        #"path "a" { capabilities = ["fly"] }"#, #"path "a" { colour = "red" }"#, #"bogus "a" {}"#, "path {",
    ])
    func badPolicies(text: String) {
        #expect(throws: LogicalError.self) { try PolicyParser.parse(name: "x", text: text) }
    }

    @Test("JSON policies")
    func jsonPolicy() throws {
        let p = try PolicyParser.parse(name: "j", text: #"{"path": {"secret/*": {"capabilities": ["read"]}}}"#)
        #expect(ACL(policies: [p]).capabilities("secret/x") == ["read"])
    }
}

@Suite struct UIMountsTests {
    func call(_ core: Core, _ path: String, token: String?) async throws -> LogicalResponse? {
        try await RequestHandler(core: core).handle(
            operation: .read, path: path, data: [:], token: token, requestID: "r", remoteAddress: "127.0.0.1")
    }

    func mountNames(_ response: LogicalResponse?, _ kind: String) -> [String] {
        (response?.data?[kind]?.objectValue ?? [:]).keys.sorted()
    }

    @Test("sys/internal/ui/mounts lists only the mounts the caller's policies reach (OpenBao: a default-policy token sees sys/, cubbyhole/ and auth token/)")
    func filteredByACL() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        _ = try await RequestHandler(core: core).handle(
            operation: .update, path: "sys/mounts/secret", data: ["type": "kv"], token: root, requestID: "m", remoteAddress: nil)
        _ = try await RequestHandler(core: core).handle(
            operation: .update, path: "sys/mounts/team", data: ["type": "kv"], token: root, requestID: "m2", remoteAddress: nil)
        try await core.policies.put(name: "team", text: #"path "team/*" { capabilities = ["read"] }"#)
        let created = try await RequestHandler(core: core).handle(
            operation: .update, path: "auth/token/create", data: ["policies": ["default"]], token: root, requestID: "c",
            remoteAddress: nil)
        let plain = try #require(created?.auth?["client_token"]?.stringValue)
        let teamCreated = try await RequestHandler(core: core).handle(
            operation: .update, path: "auth/token/create", data: ["policies": ["team"]], token: root, requestID: "c2",
            remoteAddress: nil)
        let team = try #require(teamCreated?.auth?["client_token"]?.stringValue)

        let all = try await call(core, "sys/internal/ui/mounts", token: root)
        #expect(mountNames(all, "secret").contains("secret/") && mountNames(all, "secret").contains("team/"))

        let seen = try await call(core, "sys/internal/ui/mounts", token: plain)
        #expect(!mountNames(seen, "secret").contains("secret/") && !mountNames(seen, "secret").contains("team/"))
        #expect(mountNames(seen, "secret").contains("sys/") && mountNames(seen, "secret").contains("cubbyhole/"))
        #expect(mountNames(seen, "auth") == ["token/"])

        let teamSeen = try await call(core, "sys/internal/ui/mounts", token: team)
        #expect(mountNames(teamSeen, "secret").contains("team/") && !mountNames(teamSeen, "secret").contains("secret/"))

        // The single-mount lookup refuses a mount the caller cannot reach.
        await #expect(throws: LogicalError.self) { try await call(core, "sys/internal/ui/mounts/secret/x", token: plain) }
        #expect(try await call(core, "sys/internal/ui/mounts/team/x", token: team)?.data?["path"] == "team/")
    }
}
