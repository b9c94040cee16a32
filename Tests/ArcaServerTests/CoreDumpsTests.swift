@testable import ArcaServer
import FoundationEssentials
import Testing

/// Core dumps are off unless the operator opts in (issue 36, item 13).
@Suite struct CoreDumpsTests {
    @Test("disable() makes the process non-dumpable and its core size limit zero")
    func disable() throws {
        // Harmless for the test process: it is this process's own /proc entries and core files
        // that change, and children reset the dumpable flag when they exec.
        try CoreDumps.disable()
        #expect(CoreDumps.dumpable == 0)
        let limit = try #require(CoreDumps.coreLimit)
        #expect(limit.soft == 0 && limit.hard == 0)
    }

    @Test("disable_core_dump_protection is off by default and read from HCL and JSON")
    func configKey() throws {
        #expect(ServerConfig().disableCoreDumpProtection == false)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-coredump-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let hcl = dir.appendingPathComponent("a.hcl").path
        try Data(#"disable_core_dump_protection = true"#.utf8).write(to: URL(fileURLWithPath: hcl))
        #expect(try ConfigLoader.load(paths: [hcl]).disableCoreDumpProtection)
        let json = dir.appendingPathComponent("a.json").path
        try Data(#"{"disable_core_dump_protection": true}"#.utf8).write(to: URL(fileURLWithPath: json))
        #expect(try ConfigLoader.load(paths: [json]).disableCoreDumpProtection)
    }
}
