import HCL
import Testing

@Suite struct VaultPolicyTests {
    static let policy = """
        # Read-only access to the team's secrets.
        path "secret/data/team-a/*" {
          capabilities = ["read", "list"]
        }

        // Writers may only set these parameters.
        path "secret/data/team-a/config" {
          capabilities = [
            "create",
            "update",   # no delete
          ]
          allowed_parameters = {
            "*"   = []
            "foo" = ["bar*", "baz"]
          }
          denied_parameters = { "password" = [] }
          required_parameters = ["foo"]
          min_wrapping_ttl = "1s"
          max_wrapping_ttl = "90m"
        }

        /* Templated paths use double braces inside strings. */
        path "identity/entity/id/{{identity.entity.id}}" {
          capabilities = ["read"]
        }

        path "sys/*" = { policy = "deny" }
        path "secret/data/team-a/*" { capabilities = ["deny"] }
        """

    @Test("every path block, in order, repeats kept")
    func paths() throws {
        let body = try HCLParser.parse(Self.policy)
        #expect(body.attributes.isEmpty)
        #expect(body.blocks.allSatisfy { $0.type == "path" && $0.labels.count == 1 })
        #expect(
            body.blocks.map { $0.labels[0] } == [
                "secret/data/team-a/*", "secret/data/team-a/config", "identity/entity/id/{{identity.entity.id}}", "sys/*",
                "secret/data/team-a/*",
            ]
        )
        #expect(body.blocks.map(\.position.line) == [2, 7, 23, 27, 28])
        #expect(body.blocks[3].body.attribute("policy")?.value == .string("deny"))
        #expect(body.blocks[4].body.attribute("capabilities")?.value == .list([.string("deny")]))
    }

    @Test("capabilities, parameter constraints and wrapping TTLs")
    func rule() throws {
        let rule = try HCLParser.parse(Self.policy).blocks[1].body
        #expect(rule.attribute("capabilities")?.value == .list([.string("create"), .string("update")]))
        let allowed = try #require(rule.attribute("allowed_parameters")?.value.objectValue)
        #expect(allowed.attributes.map(\.name) == ["*", "foo"])
        #expect(allowed.attribute("*")?.value == .list([]))
        #expect(allowed.attribute("foo")?.value == .list([.string("bar*"), .string("baz")]))
        #expect(allowed.attribute("foo")?.position == pos(14, 5))
        #expect(rule.attribute("denied_parameters")?.value.objectValue?.attribute("password")?.value == .list([]))
        #expect(rule.attribute("required_parameters")?.value == .list([.string("foo")]))
        #expect(rule.attribute("min_wrapping_ttl")?.value == .string("1s"))
        #expect(rule.attribute("max_wrapping_ttl")?.valuePosition == pos(19, 22))
    }

    @Test("allowed_parameters members need no separator, as Vault's docs write them")
    func noSeparator() throws {
        let body = try HCLParser.parse(#"path "a" { allowed_parameters = { "*" = [] "foo" = ["bar*"] } }"#)
        let allowed = try #require(body.blocks.first?.body.attribute("allowed_parameters")?.value.objectValue)
        #expect(allowed.attributes.map(\.name) == ["*", "foo"])
        #expect(allowed.attribute("foo")?.value == .list([.string("bar*")]))
    }

    @Test("a policy embedded in a heredoc parses in turn")
    func embedded() throws {
        let outer = try HCLParser.parse("policy = <<EOT\n\(Self.policy)\nEOT\n")
        let text = try #require(outer.attribute("policy")?.value.stringValue)
        #expect(text == Self.policy + "\n")
        #expect(try HCLParser.parse(text) == HCLParser.parse(Self.policy))
    }
}
