import ArcaCore
import ArcaHTTP
import ArcaServer
import ArcaTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The listener's read, idle and connection limits on a real socket: a slow or idle client is cut
/// off, extra connections wait, and everyone else is served meanwhile.
@Suite(.serialized) struct ListenerLimitsTests {
    static let request = "GET /v1/sys/seal-status HTTP/1.1\r\nHost: arca\r\n\r\n"

    /// A server for `listener` (its address is replaced by a free port), with its port.
    func serve(_ listener: ListenerConfig, _ body: @escaping @Sendable (Int, any TestClientProtocol) async throws -> Void)
        async throws
    {
        let (core, _) = TestCore.make()
        let app = try HTTPListener.application(core: core, listener: listener, tls: nil, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            try await body(try #require(client.port), client)
        }
    }

    func limited(header: Int64 = 10, read: Int64 = 30, idle: Int64 = 300, connections: Int = 4096) -> ListenerConfig {
        var l = ListenerConfig()
        l.tlsDisable = true
        l.httpReadHeaderTimeout = header
        l.httpReadTimeout = read
        l.httpIdleTimeout = idle
        l.maxConnections = connections
        return l
    }

    @Test("a client that trickles a request head is cut off after http_read_header_timeout; others are served meanwhile")
    func slowHead() async throws {
        try await serve(limited(header: 1)) { port, client in
            let clock = ContinuousClock()
            let start = clock.now
            let slow = try RawConnection(port: port)
            #expect(slow.send("GET /v1/sys/seal-status HTTP/1.1\r\n"))
            let silent = try RawConnection(port: port)
            #expect(silent.send("GET /v1/sys/seal-status HTTP/1.1\r\nHost: arca\r\n"))
            // The slow client keeps sending header bytes: bytes alone do not extend the deadline.
            var closedAt: Duration?
            for i in 0..<30 {
                _ = slow.send("X-Slow-\(i): y\r\n")
                try await client.execute(uri: "/v1/sys/seal-status", method: .get) { r in
                    #expect(r.status == .ok)
                }
                if try await slow.receive(waitingMilliseconds: 100) == .closed {
                    closedAt = clock.now - start
                    break
                }
            }
            let cut = try #require(closedAt, "the slow client was never cut off")
            #expect(cut >= .milliseconds(900) && cut < .seconds(3), "\(cut)")
            #expect(try await silent.receiveUntilClosed(waitingMilliseconds: 1000) == ("", true))
            // A prompt client on a new connection is served as usual.
            let prompt = try RawConnection(port: port)
            #expect(prompt.send(Self.request))
            guard case .data(let text) = try await prompt.receive(waitingMilliseconds: 2000) else {
                Issue.record("no answer")
                return
            }
            #expect(text.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("a keep-alive connection idle for http_idle_timeout is closed; one in use is not")
    func idle() async throws {
        try await serve(limited(header: 2, idle: 1)) { port, _ in
            let c = try RawConnection(port: port)
            // Three requests 600 ms apart: each one resets the idle clock.
            for _ in 0..<3 {
                #expect(c.send(Self.request))
                guard case .data(let text) = try await c.receive(waitingMilliseconds: 2000) else {
                    Issue.record("no answer")
                    return
                }
                #expect(text.hasPrefix("HTTP/1.1 200"))
                try await Task.sleep(for: .milliseconds(600))
            }
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await c.receiveUntilClosed(waitingMilliseconds: 3000) == ("", true))
            #expect(clock.now - start < .seconds(2))
        }
    }

    /// Runs the listener's application itself: the live test framework rebuilds the application's
    /// configuration without its connection limit.
    func serveDirectly(_ listener: ListenerConfig, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var listener = listener
        let port = try RawConnection.freePort()
        listener.address = "127.0.0.1:\(port)"
        let (core, _) = TestCore.make()
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // the shutdown at the end logs the cancelled accept loop
        let app = try HTTPListener.application(core: core, listener: listener, tls: nil, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            // Up once a probe connection is answered.
            for _ in 0..<200 {
                if let probe = try? RawConnection(port: port), probe.send(Self.request),
                    case .data = try await probe.receive(waitingMilliseconds: 500)
                {
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(50))  // the probe's place is free again
            try await body(port)
        }
    }

    @Test("max_connections holds extra connections until one closes; they are then served")
    func connectionCap() async throws {
        try await serveDirectly(limited(header: 1, connections: 2)) { port in
            // Two connections that never send a request fill the cap.
            let squatters = try [RawConnection(port: port), RawConnection(port: port)]
            try await Task.sleep(for: .milliseconds(100))
            let waiting = try RawConnection(port: port)
            #expect(waiting.send(Self.request))
            #expect(try await waiting.receive(waitingMilliseconds: 500) == .nothing, "served beyond the cap")
            // The header timeout frees the squatters' places; the waiting client is then served.
            guard case .data(let text) = try await waiting.receive(waitingMilliseconds: 3000) else {
                Issue.record("the held connection was never served")
                return
            }
            #expect(text.hasPrefix("HTTP/1.1 200"))
            for s in squatters { #expect(try await s.receiveUntilClosed(waitingMilliseconds: 500).closed) }
        }
    }

    @Test("without a header timeout the read timeout bounds the head, as in Go")
    func headerFallsBackToRead() async throws {
        try await serve(limited(header: 0, read: 1)) { port, _ in
            let c = try RawConnection(port: port)
            #expect(c.send("GET / HTTP/1.1\r\n"))
            #expect(try await c.receiveUntilClosed(waitingMilliseconds: 3000) == ("", true))
        }
    }
}
