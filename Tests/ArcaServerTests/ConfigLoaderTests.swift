@testable import ArcaServer
import FoundationEssentials
import Testing

@Suite struct ConfigLoaderTests {
    func write(_ text: String, name: String = "arca.hcl") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-config-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a full HCL configuration")
    func full() throws {
        let path = try write("""
            storage "sqlite" { path = "/var/lib/arca/arca.db" }
            listener "tcp" {
              address = "127.0.0.1:8201"
              tls_disable = "true"
              tls_min_version = "tls13"
            }
            listener "tcp" { address = "0.0.0.0:8202" tls_cert_file = "c.pem" tls_key_file = "k.pem" }
            seal "shamir" {}
            api_addr = "https://arca:8200"
            cluster_addr = "https://arca:8201"
            ui = true
            disable_mlock = true
            default_lease_ttl = "1h30m"
            max_lease_ttl = 86400
            log_level = "debug"
            cluster_name = "prod"
            """)
        let c = try ConfigLoader.load(paths: [path])
        #expect(c.storage == StorageConfig(type: "sqlite", path: "/var/lib/arca/arca.db"))
        #expect(c.listeners.count == 2)
        #expect(c.listeners[0].tlsDisable && c.listeners[0].tlsMinVersion == "tls13")
        #expect(try c.listeners[1].hostAndPort() == ("0.0.0.0", 8202))
        #expect(c.ui && c.disableMlock && c.defaultLeaseTTL == 5400 && c.maxLeaseTTL == 86400)
        #expect(c.logLevel == "debug" && c.clusterName == "prod" && c.seals.map(\.type) == ["shamir"])
    }

    @Test("JSON configuration")
    func json() throws {
        let path = try write("""
            {"storage": {"sqlite": {"path": "/tmp/a.db"}},
             "listener": [{"tcp": {"address": "127.0.0.1:9000", "tls_disable": true}}],
             "disable_mlock": true, "max_lease_ttl": "24h"}
            """, name: "arca.json")
        let c = try ConfigLoader.load(paths: [path])
        #expect(c.storage?.path == "/tmp/a.db" && c.listeners.first?.address == "127.0.0.1:9000")
        #expect(c.maxLeaseTTL == 86400 && c.disableMlock)
    }

    @Test("a directory of files merges in name order")
    func directory() throws {
        let first = try write(#"storage "inmem" {}"#, name: "10-storage.hcl")
        let dir = String(first[..<first.lastIndex(of: "/")!])
        try Data(#"listener "tcp" { address = "127.0.0.1:1" tls_disable = true }"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/20-listener.hcl"))
        let c = try ConfigLoader.load(paths: [dir])
        #expect(c.storage?.type == "inmem" && c.listeners.count == 1)
    }

    @Test("errors name the file, line and column", arguments: [
        ("storage \"sqlite\" { path = \"/x\" }\nadress = \"x\"", "2:1: unknown configuration key 'adress'"),
        ("ui = \"maybe\"", "1:6: 'ui' must be a boolean"),
        ("listener \"tcp\" {\n  address = 8200\n}", "2:13: 'address' must be a string"),
        ("listener \"udp\" { }", "1:1: unsupported listener type 'udp'"),
        ("storage \"raft\" { path = \"/x\" }", "unknown storage type 'raft'"),
        ("storage \"sqlite\" { }", "storage \"sqlite\" needs a 'path'"),
        ("listener \"tcp\" { address = \"nope\" }", "listener address 'nope' must be host:port"),
        ("default_lease_ttl = \"forever\"", "1:21: 'default_lease_ttl' must be a duration"),
        ("log_level = \"loud\"", "log_level 'loud' is not one of"),
        ("mystery \"x\" { }", "1:1: unknown configuration stanza 'mystery'"),
        ("ui = ", "error parsing config"),
        ("listener \"tcp\" { address = \"127.0.0.1:1\" tls_min_version = \"tls10\" }", "tls_min_version must be"),
    ])
    func errors(text: String, fragment: String) throws {
        let path = try write(text)
        do {
            _ = try ConfigLoader.load(paths: [path])
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.message.contains(fragment), "\(e.message)")
            #expect(e.message.contains(path))
        }
    }

    @Test("a missing file is an error")
    func missing() {
        #expect(throws: ConfigError.self) { try ConfigLoader.load(paths: ["/nonexistent/arca.hcl"]) }
    }

    @Test("server options: dev mode needs no file; otherwise a listener and storage are required")
    func options() throws {
        let dev = try ServerRunner.loadConfig(ServerOptions(dev: true, devListenAddress: "127.0.0.1:9999"))
        #expect(dev.storage?.type == "inmem" && dev.listeners.first?.address == "127.0.0.1:9999" && dev.disableMlock)
        let noListener = try write(#"storage "inmem" {}"#)
        #expect(throws: ConfigError.self) { try ServerRunner.loadConfig(ServerOptions(configPaths: [noListener])) }
        let twoSeals = try write("""
            storage "inmem" {}
            listener "tcp" { address = "127.0.0.1:1" tls_disable = true }
            seal "awskms" { region = "us-east-1" }
            seal "transit" { key_name = "k" }
            """)
        #expect(throws: ConfigError.self) { try ServerRunner.loadConfig(ServerOptions(configPaths: [twoSeals])) }
        let migration = try write("""
            storage "inmem" {}
            listener "tcp" { address = "127.0.0.1:1" tls_disable = true }
            seal "awskms" { region = "us-east-1" }
            seal "transit" {
              key_name = "k"
              disabled = "true"
            }
            """)
        let config = try ServerRunner.loadConfig(ServerOptions(configPaths: [migration]))
        #expect(config.seals.map(\.type) == ["awskms", "transit"] && config.seals.map(\.disabled) == [false, true])
    }

    @Test("durations", arguments: [("90", Int64(90)), ("1h", 3600), ("1h30m", 5400), ("1.5h", 5400), ("7d", 604_800), ("250ms", 0)])
    func durations(text: String, seconds: Int64) {
        #expect(DurationParserProxy.seconds(text) == seconds)
    }
}

import ArcaSDK

enum DurationParserProxy {
    static func seconds(_ s: String) -> Int64? { DurationParser.seconds(s) }
}
