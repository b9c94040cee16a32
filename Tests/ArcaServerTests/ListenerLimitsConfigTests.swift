import ArcaHTTP
@testable import ArcaServer
import FoundationEssentials
import NIOCore
import Testing

/// The listener's connection and request limit keys: Vault's names, defaults and value forms.
@Suite struct ListenerLimitsConfigTests {
    func load(_ listenerBody: String) throws -> ListenerConfig {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-limits-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("arca.hcl").path
        try Data("listener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n\(listenerBody)\n}\n".utf8).write(to: URL(fileURLWithPath: path))
        return try #require(try ConfigLoader.load(paths: [path]).listeners.first)
    }

    @Test("defaults are Vault's: 10s header, 30s read, no write, 5m idle, 32 MiB, 90s; 4096 connections")
    func defaults() throws {
        let l = try load("").limits
        #expect(l.readHeaderTimeout == .seconds(10) && l.readTimeout == .seconds(30))
        #expect(l.writeTimeout == .zero && l.idleTimeout == .minutes(5))
        #expect(l.maxRequestSize == 32 * 1024 * 1024 && l.maxRequestDuration == .seconds(90) && l.maxConnections == 4096)
    }

    @Test("each key, as a duration string or a number of seconds")
    func keys() throws {
        let c = try load("""
              http_read_header_timeout = "5s"
              http_read_timeout = "1m"
              http_write_timeout = 20
              http_idle_timeout = "1h30m"
              max_request_size = 1048576
              max_request_duration = "2m"
              max_connections = 64
            """)
        #expect(c.httpReadHeaderTimeout == 5 && c.httpReadTimeout == 60 && c.httpWriteTimeout == 20)
        #expect(c.httpIdleTimeout == 5400 && c.maxRequestSize == 1_048_576 && c.maxRequestDuration == 120)
        #expect(c.maxConnections == 64)
        let l = c.limits
        #expect(l.readHeaderTimeout == .seconds(5) && l.writeTimeout == .seconds(20) && l.maxConnections == 64)
    }

    @Test("Vault's zero and negative forms: size 0 is the default and < 0 no limit; duration 0 the default; 0 connections no cap")
    func specialValues() throws {
        let l = try load("max_request_size = -1\nmax_request_duration = \"0s\"\nmax_connections = 0\nhttp_idle_timeout = 0").limits
        #expect(l.maxRequestSize == nil && l.maxRequestDuration == .seconds(90) && l.maxConnections == nil)
        #expect(l.idleTimeout == .zero)
        #expect(try load("max_request_size = 0").limits.maxRequestSize == 32 * 1024 * 1024)
    }

    @Test("bad values are refused with file:line:column", arguments: [
        ("http_read_header_timeout = \"soon\"", "3:30: 'http_read_header_timeout' must be a duration"),
        ("http_read_timeout = \"-5s\"", "3:23: 'http_read_timeout' must not be negative"),
        ("http_write_timeout = true", "3:24: 'http_write_timeout' must be a duration"),
        ("http_idle_timeout = \"500ms\"", "3:23: 'http_idle_timeout' must be 0 or at least 1s"),
        ("max_request_duration = \"9000h\"", "3:26: 'max_request_duration' must be at most"),
        ("max_request_size = \"big\"", "3:22: 'max_request_size' must be a whole number"),
        ("max_request_size = 1.5", "3:22: 'max_request_size' must be a whole number"),
        ("max_connections = -3", "3:21: 'max_connections' must not be negative"),
        ("max_connections = 99999999999999", "3:21: 'max_connections' is too large"),
        ("http_read_timeouts = \"5s\"", "3:3: unknown listener key 'http_read_timeouts'"),
    ])
    func refused(line: String, fragment: String) throws {
        do {
            _ = try load("  " + line)
            Issue.record("expected an error for \(line)")
        } catch let e as ConfigError {
            #expect(e.message.contains(fragment), "\(e.message)")
            #expect(e.message.contains("arca.hcl:"), "\(e.message)")
        }
    }
}
