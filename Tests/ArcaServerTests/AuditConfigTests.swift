import ArcaCore
@testable import ArcaServer
import FoundationEssentials
import Testing

/// The `audit` stanzas and `unsafe_allow_api_audit_creation`, and what the core gets from them.
@Suite struct AuditConfigTests {
    func load(_ text: String, name: String = "arca.hcl") throws -> ServerConfig {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-auditcfg-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try ConfigLoader.load(paths: [path])
    }

    func failure(_ text: String, name: String = "arca.hcl") -> String {
        do {
            _ = try load(text, name: name)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test("OpenBao's declarative form, with an options block or map, in order; API creation off by default")
    func openBaoForm() throws {
        let c = try load("""
            audit "file" "to-stdout" {
              description = "This audit device should never fail."
              options {
                file_path = "/dev/stdout"
                log_raw   = "true"
              }
            }
            audit "socket" "siem" {
              local   = true
              options = { address = "10.0.0.1:9000", socket_type = "tcp" }
            }
            """)
        #expect(c.auditDevices == [
            AuditStanza(type: "file", path: "to-stdout", description: "This audit device should never fail.",
                        options: ["file_path": "/dev/stdout", "log_raw": "true"]),
            AuditStanza(type: "socket", path: "siem", local: true, options: ["address": "10.0.0.1:9000", "socket_type": "tcp"]),
        ])
        #expect(!c.unsafeAllowAPIAuditCreation)
        #expect(try load("unsafe_allow_api_audit_creation = true").unsafeAllowAPIAuditCreation)
    }

    @Test("the short form audit { file { path, log_raw } }: mounted at the type's name, settings as options")
    func shortForm() throws {
        let c = try load("""
            audit {
              file {
                path    = "/var/log/arca/audit.log"
                log_raw = true
              }
            }
            """)
        #expect(c.auditDevices == [AuditStanza(type: "file", path: "file", options: ["path": "/var/log/arca/audit.log", "log_raw": "true"])])
    }

    @Test("the JSON form")
    func json() throws {
        let c = try load(#"""
            {"audit": [{"file": {"to-stdout": {"description": "d", "options": {"file_path": "/dev/stdout", "log_raw": "true"}}}}],
             "unsafe_allow_api_audit_creation": true}
            """#, name: "arca.json")
        #expect(c.auditDevices == [AuditStanza(type: "file", path: "to-stdout", description: "d",
                                               options: ["file_path": "/dev/stdout", "log_raw": "true"])])
        #expect(c.unsafeAllowAPIAuditCreation)
    }

    @Test("mistakes are refused with file:line:column and what to write", arguments: [
        (#"audit "kafka" "k" { options { a = "b" } }"#, "1:1: unknown audit device type 'kafka' (supported: file, socket, syslog)"),
        (#"audit "file" "f" { options { log_raw = "true" } }"#, "1:1: audit \"file\" \"f\" needs a file_path option"),
        (#"audit "file" { options { file_path = "/x" } }"#, "1:1: audit stanza needs a type and a path"),
        (#"audit "file" "f" { file_path = "/x" }"#, "1:20: unknown audit key 'file_path' (options go in an options block)"),
        ("audit \"file\" \"f\" { options { file_path = \"/x\" } }\naudit \"file\" \"f\" { options { file_path = \"/y\" } }",
         "2:1: two audit stanzas declare the path 'f'"),
        (#"unsafe_allow_api_audit_creation = "maybe""#, "1:35: 'unsafe_allow_api_audit_creation' must be a boolean"),
    ])
    func refusals(text: String, expected: String) {
        let message = failure(text)
        #expect(message.contains(expected), "\(message)")
    }

    @Test("a declared prefix needs allow_audit_log_prefixing")
    func prefix() throws {
        let stanza = #"audit "file" "p" { options { file_path = "/var/log/a.log" prefix = "X " } }"#
        #expect(throws: ConfigError.self) { try AuditSetup.validate(try load(stanza)) }
        let allowed = try load(stanza + "\nallow_audit_log_prefixing = true")
        try AuditSetup.validate(allowed)
        #expect(AuditSetup.settings(allowed, dev: false).allowPrefixing)
    }

    @Test("the core gets the declared devices, API creation only when allowed or in dev mode, and the server's files as protected")
    func settings() throws {
        var c = try load("""
            storage "sqlite" { path = "/var/lib/arca/arca.db" }
            listener "tcp" { address = "0.0.0.0:8200" tls_cert_file = "/etc/arca/tls.crt" tls_key_file = "/etc/arca/tls.key" }
            audit "file" "main" { options { file_path = "/var/log/arca/audit.log" } }
            """)
        let s = AuditSetup.settings(c, dev: false)
        #expect(!s.allowAPICreation)
        #expect(s.declared.map(\.path) == ["main"] && s.declared.map(\.type) == ["file"])
        #expect(s.declared.first?.options == ["file_path": "/var/log/arca/audit.log"])
        #expect(s.fileGuard.protectedFiles == [
            "/var/lib/arca/arca.db", "/var/lib/arca/arca.db-wal", "/var/lib/arca/arca.db-shm", "/var/lib/arca/arca.db-journal",
            "/etc/arca/tls.crt", "/etc/arca/tls.key",
        ])
        #expect(AuditSetup.settings(c, dev: true).allowAPICreation, "dev mode keeps the CLI quick start working")
        c.unsafeAllowAPIAuditCreation = true
        #expect(AuditSetup.settings(c, dev: false).allowAPICreation)
    }
}
