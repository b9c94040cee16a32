import HCL
import Testing

@Suite struct VaultConfigTests {
    static let config = """
        # Arca production configuration
        ui                = true
        default_lease_ttl = "768h"
        max_lease_ttl     = 2764800
        api_addr          = "https://arca.example.com:8200"

        listener "tcp" {
          address     = "0.0.0.0:8200"
          tls_disable = true // behind a proxy
        }

        listener "tcp" {
          address       = "127.0.0.1:8300"
          tls_cert_file = "/etc/arca/tls.crt"
          tls_key_file  = "/etc/arca/tls.key"
        }

        storage "sqlite" {
          path = "/var/lib/arca"
        }

        seal "awskms" {
          region     = "eu-west-1"
          kms_key_id = "alias/arca-unseal"
          endpoint   = "https://kms.eu-west-1.amazonaws.com"
        }

        telemetry {
          disable_hostname = false
          prometheus_retention_time = "30s"
        }
        """

    @Test("top-level attributes keep their values and positions")
    func attributes() throws {
        let body = try HCLParser.parse(Self.config, filename: "arca.hcl")
        #expect(body.attributes.map(\.name) == ["ui", "default_lease_ttl", "max_lease_ttl", "api_addr"])
        #expect(body.attribute("ui")?.value == .bool(true))
        #expect(body.attribute("default_lease_ttl")?.value == .string("768h"))
        #expect(body.attribute("max_lease_ttl")?.value.numberValue?.int64 == 2_764_800)
        #expect(body.attribute("api_addr")?.value == .string("https://arca.example.com:8200"))
        #expect(body.attribute("default_lease_ttl")?.position == pos(3, 1))
        #expect(body.attribute("default_lease_ttl")?.valuePosition == pos(3, 21))
    }

    @Test("stanzas become blocks, repeats kept in order")
    func blocks() throws {
        let body = try HCLParser.parse(Self.config)
        #expect(body.blocks.map(\.type) == ["listener", "listener", "storage", "seal", "telemetry"])
        let listeners = body.blocks(ofType: "listener")
        #expect(listeners.map(\.labels) == [["tcp"], ["tcp"]])
        #expect(listeners.map(\.position) == [pos(7, 1), pos(12, 1)])
        #expect(listeners[0].body.attribute("address")?.value == .string("0.0.0.0:8200"))
        #expect(listeners[0].body.attribute("tls_disable")?.value == .bool(true))
        #expect(listeners[1].body.attribute("tls_key_file")?.position == pos(15, 3))
        #expect(body.blocks(ofType: "storage").first?.body.attribute("path")?.value == .string("/var/lib/arca"))
        let seal = try #require(body.blocks(ofType: "seal").first)
        #expect(seal.labels == ["awskms"])
        #expect(seal.body.attributes.map(\.name) == ["region", "kms_key_id", "endpoint"])
        let telemetry = try #require(body.blocks(ofType: "telemetry").first)
        #expect(telemetry.labels.isEmpty)
        #expect(telemetry.body.attribute("disable_hostname")?.value == .bool(false))
    }

    @Test("items interleave attributes and blocks in source order")
    func items() throws {
        let body = try HCLParser.parse("a = 1\nb {}\nc = 2\nd \"x\" {}\n")
        let names: [String] = body.items.map {
            switch $0 {
            case .attribute(let a): a.name
            case .block(let b): b.type
            }
        }
        #expect(names == ["a", "b", "c", "d"])
        #expect(body.items.map(\.position.line) == [1, 2, 3, 4])
    }

    @Test(
        "compact and HCL1 spellings of the same stanzas",
        arguments: [
            #"listener "tcp" { address = "127.0.0.1:8200" tls_disable = true }"#,
            #"listener "tcp" { address = "127.0.0.1:8200", tls_disable = true, }"#,
            "listener tcp { address = \"127.0.0.1:8200\"\ntls_disable = true }",
            "listener \"tcp\"\n{\n  address = \"127.0.0.1:8200\"\n  tls_disable = true\n}",
            #"listener "tcp" = { address = "127.0.0.1:8200" tls_disable = true }"#,
            #""listener" "tcp" { "address" = "127.0.0.1:8200" "tls_disable" = true }"#,
            #"listener "tcp" { address: "127.0.0.1:8200", tls_disable: true }"#,
            "listener \"tcp\" {\n  address =\n    \"127.0.0.1:8200\"\n  tls_disable = true\n}",
        ]
    )
    func spellings(text: String) throws {
        let block = try #require(try HCLParser.parse(text).blocks.first)
        #expect(block.type == "listener" && block.labels == ["tcp"])
        #expect(block.body.attributes.map(\.name) == ["address", "tls_disable"])
        #expect(block.body.attribute("address")?.value == .string("127.0.0.1:8200"))
        #expect(block.body.attribute("tls_disable")?.value == .bool(true))
    }

    @Test("an attribute with an object value is not a block")
    func objectAttribute() throws {
        let body = try HCLParser.parse(#"config = { a = 1, "b.c" = "x" }"#)
        #expect(body.blocks.isEmpty)
        let object = try #require(body.attribute("config")?.value.objectValue)
        #expect(object.attributes.map(\.name) == ["a", "b.c"])
        #expect(object.attribute("b.c")?.position == pos(1, 19))
        #expect(object.attribute("b.c")?.valuePosition == pos(1, 27))
    }

    @Test("empty documents and empty blocks", arguments: ["", "\n\n", "# only a comment", "  \t\r\n", "\u{FEFF}"])
    func empty(text: String) throws {
        #expect(try HCLParser.parse(text).isEmpty)
    }

    @Test("storage \"sqlite\" {} and ui {} have empty bodies")
    func emptyBlocks() throws {
        let body = try HCLParser.parse("storage \"sqlite\" {}\nui { }\n")
        #expect(body.blocks.map(\.body) == [HCLBody(), HCLBody()])
        #expect(body.blocks.map(\.labels) == [["sqlite"], []])
    }

    @Test("CRLF line endings")
    func crlf() throws {
        let body = try HCLParser.parse("a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n")
        #expect(body.attribute("a")?.value.numberValue?.int64 == 1)
        #expect(body.blocks.first?.body.attribute("c")?.position == pos(3, 3))
    }
}
