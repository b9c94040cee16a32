import ArcaCore
import ArcaSDK
import FoundationEssentials
import Testing

@Suite struct AuditDeviceTests {
    func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("arca-dev-\(UInt32.random(in: 0...UInt32.max))").path
    }

    @Test("the file device appends whole lines, creates missing directories and refuses writes once closed")
    func file() async throws {
        let dir = tempDir()
        let path = dir + "/deep/er/audit.log"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let device = try FileAuditDevice(options: ["file_path": path])
        try await device.write(Array("one\n".utf8))
        try await device.write(Array("two\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\ntwo\n")
        await device.close()
        await #expect(throws: AuditDeviceError.self) { try await device.write(Array("three\n".utf8)) }
        try await device.reopen()  // a closed device stays closed
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\ntwo\n")
    }

    @Test("file_path discard accepts everything; bad modes and a missing path are 400s")
    func fileOptions() async throws {
        try await FileAuditDevice(options: ["file_path": "discard"]).write(Array("x\n".utf8))
        #expect(throws: LogicalError.invalidRequest("file_path is required")) { try FileAuditDevice(options: [:]) }
        for mode in ["abc", "0999", "77777"] {
            #expect(throws: LogicalError.self) { try FileAuditDevice(options: ["file_path": "discard", "mode": mode]) }
        }
    }

    @Test("the socket device refuses a collector that is not listening, and bad options")
    func socketRefusals() async throws {
        #expect(throws: AuditDeviceError.self) { try SocketAuditDevice(options: ["address": "127.0.0.1:1"]) }
        #expect(throws: LogicalError.invalidRequest("address is required")) { try SocketAuditDevice(options: [:]) }
        #expect(throws: LogicalError.self) { try SocketAuditDevice(options: ["address": "127.0.0.1:1", "socket_type": "sctp"]) }
        #expect(throws: LogicalError.self) { try SocketAuditDevice(options: ["address": "127.0.0.1:1", "write_timeout": "soon"]) }
    }

    @Test("syslog facilities by name; without a syslog daemon the device is refused")
    func syslog() throws {
        #expect(SyslogAuditDevice.facility(named: "auth") == 4 << 3)
        #expect(SyslogAuditDevice.facility(named: "LOCAL7") == 23 << 3)
        #expect(SyslogAuditDevice.facility(named: "nope") == nil)
        #expect(throws: LogicalError.self) { try SyslogAuditDevice(options: ["facility": "nope"]) }
        if !FileManager.default.fileExists(atPath: "/dev/log") {
            #expect(throws: AuditDeviceError.self) { try SyslogAuditDevice(options: [:]) }
        }
    }
}
