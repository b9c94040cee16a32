import HCL
import Testing

@Suite struct HCLParserTests {
    @Test("a Vault server configuration")
    func serverConfig() throws {
        let text = """
            # Arca production config
            storage "sqlite" {
              path = "/var/lib/arca/arca.db"
            }

            listener "tcp" {
              address     = "127.0.0.1:8200"
              tls_disable = true // local only
            }

            seal "awskms" {
              region     = "eu-west-1"
              kms_key_id = "alias/arca"
            }
            ui = true
            default_lease_ttl = "768h"
            max_lease_ttl = 2764800
            api_addr = "https://arca.example.com:8200"
            """
        let body = try HCLParser.parse(text, filename: "arca.hcl")
        #expect(body.blocks.map(\.type) == ["storage", "listener", "seal"])
        #expect(body.blocks[0].labels == ["sqlite"])
        #expect(body.blocks[0].body.attribute("path")?.value == .string("/var/lib/arca/arca.db"))
        #expect(body.blocks[1].body.attribute("tls_disable")?.value == .bool(true))
        #expect(body.blocks[1].position == SourcePosition(line: 6, column: 1))
        #expect(body.attribute("ui")?.value == .bool(true))
        #expect(body.attribute("max_lease_ttl")?.value == .number(HCLNumber(literal: "2764800")))
        #expect(body.attribute("default_lease_ttl")?.position == SourcePosition(line: 16, column: 1))
        #expect(body.attribute("default_lease_ttl")?.valuePosition == SourcePosition(line: 16, column: 21))
    }

    @Test("a Vault policy with repeated path blocks and parameter constraints")
    func policy() throws {
        let text = """
            path "secret/data/database/*" {
              capabilities = ["read", "list",]
            }
            path "secret/data/+/config" {
              capabilities = [
                "create",
                "update"
              ]
              allowed_parameters = {
                "*" = []
                "foo" = ["bar*", "baz"]
              }
              min_wrapping_ttl = "1s"
            }
            path "*" { capabilities = ["deny"] }
            """
        let body = try HCLParser.parse(text)
        #expect(body.blocks.count == 3)
        #expect(body.blocks.map { $0.labels[0] } == ["secret/data/database/*", "secret/data/+/config", "*"])
        #expect(body.blocks[0].body.attribute("capabilities")?.value == .list([.string("read"), .string("list")]))
        guard case .object(let params) = body.blocks[1].body.attribute("allowed_parameters")?.value else {
            Issue.record("allowed_parameters is not an object")
            return
        }
        #expect(params.attributes.map(\.name) == ["*", "foo"])
        #expect(params.attribute("foo")?.value == .list([.string("bar*"), .string("baz")]))
        #expect(body.blocks[2].body.attribute("capabilities")?.value == .list([.string("deny")]))
    }

    @Test("items on one line need no separator, as in HCL1")
    func oneLine() throws {
        let body = try HCLParser.parse(#"listener "tcp" { address = "127.0.0.1:1" tls_disable = true } ui = true"#)
        #expect(body.blocks.first?.body.attributes.map(\.name) == ["address", "tls_disable"])
        #expect(body.attribute("ui")?.value == .bool(true))
    }

    @Test("the HCL1 form path \"x\" = { ... } is a block")
    func labelledEquals() throws {
        let body = try HCLParser.parse(#"path "sys/*" = { capabilities = ["sudo"] }"#)
        #expect(body.blocks.first?.type == "path")
        #expect(body.blocks.first?.labels == ["sys/*"])
    }

    @Test("strings with escapes", arguments: [
        (#"a = "line\nnext""#, "line\nnext"),
        (#"a = "tab\there""#, "tab\there"),
        (#"a = "quote \" and \\ backslash""#, "quote \" and \\ backslash"),
        (#"a = "\u00e9\u263A""#, "é☺"),
        (#"a = """#, ""),
        (#"a = "ключ 🔑""#, "ключ 🔑"),
    ])
    func escapes(text: String, expected: String) throws {
        #expect(try HCLParser.parse(text).attribute("a")?.value == .string(expected))
    }

    @Test("heredocs, plain and indented")
    func heredocs() throws {
        let text = """
            policy = <<EOF
            path "a" {
              capabilities = ["read"]
            }
            EOF
            note = <<-EOT
                first
                  second
                EOT
            after = 1
            """
        let body = try HCLParser.parse(text)
        #expect(body.attribute("policy")?.value == .string("path \"a\" {\n  capabilities = [\"read\"]\n}\n"))
        #expect(body.attribute("note")?.value == .string("first\n  second\n"))
        #expect(body.attribute("after")?.value == .number(HCLNumber(literal: "1")))
    }

    @Test("numbers", arguments: [("1", Int64(1)), ("-42", -42), ("0", 0), ("9007199254740993", 9_007_199_254_740_993)])
    func integers(literal: String, value: Int64) throws {
        guard case .number(let n) = try HCLParser.parse("n = \(literal)").attribute("n")?.value else {
            Issue.record("not a number")
            return
        }
        #expect(n.int64 == value)
    }

    @Test("floats keep their literal")
    func floats() throws {
        guard case .number(let n) = try HCLParser.parse("n = 1.5e3").attribute("n")?.value else {
            Issue.record("not a number")
            return
        }
        #expect(n.literal == "1.5e3" && n.double == 1500 && n.int64 == nil)
    }

    @Test("comments of every kind")
    func comments() throws {
        let text = """
            # hash
            // slashes
            /* block
               spanning lines */ a = 1 /* inline */
            b = 2 # trailing
            """
        let body = try HCLParser.parse(text)
        #expect(body.attributes.map(\.name) == ["a", "b"])
    }

    @Test("errors name the line and column", arguments: [
        ("a = \"open", 1, 5, "unterminated string"),
        ("a = 1\n/* never closed", 2, 1, "unterminated comment"),
        ("listener \"tcp\"\n  address = 1", 1, 15, "expected '=' or '{' after key \"listener\", found newline"),
        ("block {\n  a = 1\n", 3, 1, "expected '}' before end of input"),
        ("a = \"bad \\q\"", 1, 10, "invalid escape sequence '\\q'"),
        ("a = ]", 1, 5, "expected a value, found ']'"),
        ("}", 1, 1, "unexpected '}'"),
        ("a = [1 2]", 1, 8, "expected ',' or ']' in list, found number 2"),
        ("a = <<EOF\nno end", 1, 5, "unterminated heredoc, expected closing 'EOF'"),
        ("a = @", 1, 5, "unexpected character '@'"),
    ])
    func errors(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try HCLParser.parse(text, filename: "f.hcl")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message == message)
            #expect(error.position == SourcePosition(line: line, column: column))
            #expect(error.description == "f.hcl:\(line):\(column): \(message)")
        }
    }

    @Test("deep nesting is an error, not a stack overflow")
    func depth() {
        let deep = "a = " + String(repeating: "[", count: 10_000)
        #expect(throws: HCLError.self) { try HCLParser.parse(deep) }
        let blocks = String(repeating: "b {", count: 5000)
        #expect(throws: HCLError.self) { try HCLParser.parse(blocks) }
    }
}

@Suite struct HCLFormatterTests {
    @Test("formatting is canonical and round-trips")
    func format() throws {
        let messy = """
            path   "secret/*"   {  capabilities=["read","list"]
            allowed_parameters = { "*" = [] }
             }
            # comment dropped
            path "sys/mounts" { capabilities = [ "sudo" ] }
            """
        let formatted = HCLFormatter.format(try HCLParser.parse(messy))
        #expect(formatted == """
            path "secret/*" {
              capabilities       = ["read", "list"]
              allowed_parameters = {
                "*" = []
              }
            }

            path "sys/mounts" {
              capabilities = ["sudo"]
            }

            """)
        #expect(HCLFormatter.format(try HCLParser.parse(formatted)) == formatted)
    }
}
