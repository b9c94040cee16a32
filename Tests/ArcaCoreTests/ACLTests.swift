import ArcaCore
import ArcaSDK
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
