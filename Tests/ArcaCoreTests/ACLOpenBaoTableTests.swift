import ArcaCore
import Testing

/// Capabilities recorded from OpenBao 2.7.2 (`sys/capabilities` for tokens holding these policies),
/// checked against our ACL evaluation: globs, `+` segments, deny, precedence, merging across
/// policies. To re-record: write the two policies to an OpenBao dev server and query the paths.
@Suite struct ACLOpenBaoTableTests {
    static let policy1 = """
path "secret/*" { capabilities = ["read", "list"] }
path "secret/data/team/*" { capabilities = ["create", "update", "read"] }
path "secret/data/team/private" { capabilities = ["deny"] }
path "secret/data/+/config" { capabilities = ["read", "update"] }
path "secret/data/+/+/deep" { capabilities = ["delete"] }
path "secret/data/app*" { capabilities = ["patch"] }
path "kv/+/shared/*" { capabilities = ["list"] }
path "sys/mounts" { capabilities = ["read"] }
path "sys/mounts/*" { capabilities = ["create", "update", "sudo"] }
path "sys/policies/acl/*" { capabilities = ["read"] }
path "exact/path" { capabilities = ["read"] }
path "exact/path/*" { capabilities = ["update"] }
path "+/wild/+" { capabilities = ["scan"] }
"""

    static let policy2 = """
path "secret/data/team/*" { capabilities = ["delete"] }
path "secret/data/other/*" { capabilities = ["deny"] }
path "kv/+/shared/*" { capabilities = ["read"] }
path "exact/path" { capabilities = ["update"] }
path "secret/data/+/config" { capabilities = ["deny"] }
"""

    static let cases: [(String, String, [String])] = [
("t1", "secret/foo", ["list", "read"]),
("t1", "secret/data/foo", ["list", "read"]),
("t1", "secret/data/team/a", ["create", "read", "update"]),
("t1", "secret/data/team/a/b", ["create", "read", "update"]),
("t1", "secret/data/team/private", ["deny"]),
("t1", "secret/data/team/private2", ["create", "read", "update"]),
("t1", "secret/data/team", ["list", "read"]),
("t1", "secret/data/x/config", ["read", "update"]),
("t1", "secret/data/team/config", ["create", "read", "update"]),
("t1", "secret/data/x/y/deep", ["delete"]),
("t1", "secret/data/x/deep", ["list", "read"]),
("t1", "secret/data/a/b/c/deep", ["list", "read"]),
("t1", "secret/data/app", ["patch"]),
("t1", "secret/data/apple", ["patch"]),
("t1", "secret/data/application/x", ["patch"]),
("t1", "secret/data/ap", ["list", "read"]),
("t1", "secret/metadata/foo", ["list", "read"]),
("t1", "kv/v1/shared/a", ["list"]),
("t1", "kv/v1/shared/", ["list"]),
("t1", "kv/v1/shared", ["deny"]),
("t1", "kv/a/b/shared/c", ["deny"]),
("t1", "sys/mounts", ["read"]),
("t1", "sys/mounts/foo", ["create", "sudo", "update"]),
("t1", "sys/mounts/foo/tune", ["create", "sudo", "update"]),
("t1", "sys/policies/acl/x", ["read"]),
("t1", "sys/policies/acl", ["deny"]),
("t1", "exact/path", ["read"]),
("t1", "exact/path/x", ["update"]),
("t1", "exact/pathx", ["deny"]),
("t1", "x/wild/y", ["scan"]),
("t1", "x/wild/y/z", ["deny"]),
("t1", "x/wild", ["deny"]),
("t1", "wild/x", ["deny"]),
("t1", "other/thing", ["deny"]),
("t1", "secret", ["deny"]),
("t1", "secret/", ["list", "read"]),
("t1", "secret/data/other/x", ["list", "read"]),
("t1", "secret/data/other", ["list", "read"]),
("t1", "cubbyhole/x", ["create", "delete", "list", "read", "update"]),
("t1", "auth/token/lookup-self", ["read"]),
("t1", "auth/token/create", ["deny"]),
("t1", "sys/capabilities-self", ["update"]),
("t1", "secret/data/team/a/config", ["create", "read", "update"]),
("t1", "secret/data/+/config", ["read", "update"]),
("t1", "secret/data/*/config", ["read", "update"]),
("t1", "kv/+/shared/x", ["list"]),
("t1", "secret/data/x/config/more", ["list", "read"]),
("t1", "secret/data/team/private/sub", ["create", "read", "update"]),
("t1+t2", "secret/foo", ["list", "read"]),
("t1+t2", "secret/data/foo", ["list", "read"]),
("t1+t2", "secret/data/team/a", ["create", "delete", "read", "update"]),
("t1+t2", "secret/data/team/a/b", ["create", "delete", "read", "update"]),
("t1+t2", "secret/data/team/private", ["deny"]),
("t1+t2", "secret/data/team/private2", ["create", "delete", "read", "update"]),
("t1+t2", "secret/data/team", ["list", "read"]),
("t1+t2", "secret/data/x/config", ["deny"]),
("t1+t2", "secret/data/team/config", ["create", "delete", "read", "update"]),
("t1+t2", "secret/data/x/y/deep", ["delete"]),
("t1+t2", "secret/data/x/deep", ["list", "read"]),
("t1+t2", "secret/data/a/b/c/deep", ["list", "read"]),
("t1+t2", "secret/data/app", ["patch"]),
("t1+t2", "secret/data/apple", ["patch"]),
("t1+t2", "secret/data/application/x", ["patch"]),
("t1+t2", "secret/data/ap", ["list", "read"]),
("t1+t2", "secret/metadata/foo", ["list", "read"]),
("t1+t2", "kv/v1/shared/a", ["list", "read"]),
("t1+t2", "kv/v1/shared/", ["list", "read"]),
("t1+t2", "kv/v1/shared", ["deny"]),
("t1+t2", "kv/a/b/shared/c", ["deny"]),
("t1+t2", "sys/mounts", ["read"]),
("t1+t2", "sys/mounts/foo", ["create", "sudo", "update"]),
("t1+t2", "sys/mounts/foo/tune", ["create", "sudo", "update"]),
("t1+t2", "sys/policies/acl/x", ["read"]),
("t1+t2", "sys/policies/acl", ["deny"]),
("t1+t2", "exact/path", ["read", "update"]),
("t1+t2", "exact/path/x", ["update"]),
("t1+t2", "exact/pathx", ["deny"]),
("t1+t2", "x/wild/y", ["scan"]),
("t1+t2", "x/wild/y/z", ["deny"]),
("t1+t2", "x/wild", ["deny"]),
("t1+t2", "wild/x", ["deny"]),
("t1+t2", "other/thing", ["deny"]),
("t1+t2", "secret", ["deny"]),
("t1+t2", "secret/", ["list", "read"]),
("t1+t2", "secret/data/other/x", ["deny"]),
("t1+t2", "secret/data/other", ["list", "read"]),
("t1+t2", "cubbyhole/x", ["create", "delete", "list", "read", "update"]),
("t1+t2", "auth/token/lookup-self", ["read"]),
("t1+t2", "auth/token/create", ["deny"]),
("t1+t2", "sys/capabilities-self", ["update"]),
("t1+t2", "secret/data/team/a/config", ["create", "delete", "read", "update"]),
("t1+t2", "secret/data/+/config", ["deny"]),
("t1+t2", "secret/data/*/config", ["deny"]),
("t1+t2", "kv/+/shared/x", ["list", "read"]),
("t1+t2", "secret/data/x/config/more", ["list", "read"]),
("t1+t2", "secret/data/team/private/sub", ["create", "delete", "read", "update"]),
    ]

    @Test("matches OpenBao on every recorded case", arguments: cases)
    func recorded(policies: String, path: String, expected: [String]) throws {
        // Tokens made with -policy=... also carry the default policy.
        var list = [
            try PolicyParser.parse(name: "t1", text: Self.policy1),
            try PolicyParser.parse(name: "default", text: DefaultPolicy.text),
        ]
        if policies == "t1+t2" { list.append(try PolicyParser.parse(name: "t2", text: Self.policy2)) }
        let acl = ACL(policies: list)
        #expect(acl.capabilities(path).sorted() == expected, "\(policies) \(path)")
    }
}
