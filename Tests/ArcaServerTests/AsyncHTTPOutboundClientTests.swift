import ArcaSDK
import ArcaServer
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Testing

/// The real outbound client against small HTTP and HTTPS servers on 127.0.0.1.
@Suite struct AsyncHTTPOutboundClientTests {
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/jwks") { _, _ in #"{"keys":[]}"# }
        router.post("/echo") { request, _ -> String in
            let body = try await request.body.collect(upTo: 1 << 16)
            let auth = request.headers[.authorization] ?? ""
            let type = request.headers[.contentType] ?? ""
            return "\(auth)|\(type)|\(String(buffer: body))"
        }
        router.get("/big") { _, _ in String(repeating: "a", count: 2 << 20) }
        router.get("/redirect") { _, _ in Response(status: .found, headers: [.location: "/jwks"]) }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(1))
            return "late"
        }
        return router
    }

    /// Stopping the server mid-connection is expected here; keep its shutdown chatter out of the test log.
    static let quietLogger: Logger = {
        var logger = Logger(label: "outbound-test-server")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs a server on an ephemeral port for the duration of `body`.
    static func withServer(
        tls: TLSConfiguration? = nil, _ body: @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(
            router: router(), server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }

    @Test("GET and POST round-trip; redirects are not followed; big bodies, slow servers and bad CAs fail")
    func plainHTTP() async throws {
        try await Self.withServer { port in
            let base = "http://127.0.0.1:\(port)"
            let outbound = AsyncHTTPOutboundClient(maxBodyBytes: 1 << 20)

            let jwks = try await outbound.send(OutboundRequest(url: base + "/jwks"))
            #expect(jwks.status == 200)
            #expect(String(decoding: jwks.body, as: UTF8.self) == #"{"keys":[]}"#)
            #expect(jwks.headers["content-type"]?.hasPrefix("text/plain") == true)

            let echo = try await outbound.send(
                OutboundRequest(
                    method: "POST", url: base + "/echo",
                    headers: ["Authorization": "Bearer t0k3n", "Content-Type": "application/json"], body: Array(#"{"a":1}"#.utf8)))
            #expect(echo.status == 200)
            #expect(String(decoding: echo.body, as: UTF8.self) == #"Bearer t0k3n|application/json|{"a":1}"#)

            let redirect = try await outbound.send(OutboundRequest(url: base + "/redirect"))
            #expect(redirect.status == 302)
            #expect(redirect.headers["location"] == "/jwks")

            await #expect(throws: OutboundHTTPError.bodyTooLarge(limit: 1 << 20)) {
                try await outbound.send(OutboundRequest(url: base + "/big"))
            }
            await #expect(throws: (any Error).self) {
                try await outbound.send(OutboundRequest(url: base + "/slow", timeout: 0.2))
            }
            await #expect(throws: OutboundHTTPError.invalidCAPEM) {
                try await outbound.send(OutboundRequest(url: base + "/jwks", caPEM: "not a certificate"))
            }
            try await outbound.shutdown()
        }
    }

    @Test("HTTPS: a server certificate is trusted only through the CA the request names")
    func https() async throws {
        let pki = try TestPKI()
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(pki.serverPEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.serverKeyPEM.utf8), format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        try await Self.withServer(tls: tls) { port in
            let url = "https://127.0.0.1:\(port)/jwks"
            let outbound = AsyncHTTPOutboundClient()
            let trusted = try await outbound.send(OutboundRequest(url: url, caPEM: pki.caPEM))
            #expect(trusted.status == 200)
            #expect(String(decoding: trusted.body, as: UTF8.self) == #"{"keys":[]}"#)
            // The system roots do not know the test CA, and another CA does not vouch for the server.
            await #expect(throws: (any Error).self) { try await outbound.send(OutboundRequest(url: url, timeout: 1)) }
            await #expect(throws: (any Error).self) {
                try await outbound.send(OutboundRequest(url: url, caPEM: try TestPKI().caPEM, timeout: 1))
            }
            try await outbound.shutdown()
        }
    }

    @Test("as a service it shuts down when cancelled, and later requests fail cleanly")
    func service() async throws {
        let outbound = AsyncHTTPOutboundClient()
        let running = Task { try await outbound.run() }
        running.cancel()
        try await running.value
        await #expect(throws: OutboundHTTPError.shutDown) {
            try await outbound.send(OutboundRequest(url: "http://127.0.0.1:1/x"))
        }
    }

    @Test("a refused connection is an error, not a hang")
    func refused() async throws {
        let outbound = AsyncHTTPOutboundClient()
        await #expect(throws: (any Error).self) {
            try await outbound.send(OutboundRequest(url: "http://127.0.0.1:1/x", timeout: 0.5))
        }
        try await outbound.shutdown()
    }
}
