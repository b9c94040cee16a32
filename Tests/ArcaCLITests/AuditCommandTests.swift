@testable import ArcaCLI
import ArcaWire
import ArgumentParser
import Testing

@Suite struct AuditCommandTests {
    let devices: [String: JSONValue] = [
        "file/": ["type": "file", "description": "", "local": false, "options": ["file_path": "/var/log/a.log", "mode": "0640"]],
        "siem/": ["type": "socket", "description": "to the SIEM", "local": true, "options": ["address": "10.0.0.1:9000"]],
    ]

    @Test("audit list prints the Vault CLI's columns, n/a for an empty description")
    func list() {
        #expect(AuditListCommand.table(devices, detailed: false) == """
            Path     Type      Description
            ----     ----      -----------
            file/    file      n/a
            siem/    socket    to the SIEM
            """)
    }

    @Test("audit list -detailed adds replication and the options as sorted key=value pairs")
    func detailed() {
        let lines = AuditListCommand.table(devices, detailed: true).split(separator: "\n").map(String.init)
        #expect(lines[0].split(separator: " ") == ["Path", "Type", "Description", "Replication", "Options"])
        #expect(lines[2].hasSuffix("replicated     file_path=/var/log/a.log mode=0640"))
        #expect(lines[3].hasSuffix("local          address=10.0.0.1:9000"))
    }

    @Test("audit enable takes flags, a type and key=value options")
    func parse() throws {
        let c = try AuditEnableCommand.parse(["-path=siem", "-description=d", "-local", "socket", "address=h:1", "socket_type=udp"])
        #expect(c.path == "siem" && c.description == "d" && c.local && c.type == "socket")
        #expect(c.options == ["address=h:1", "socket_type=udp"])
        #expect(try AuditListCommand.parse(["-detailed"]).detailed)
    }
}
