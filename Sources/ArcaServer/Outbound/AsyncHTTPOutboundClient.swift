import ArcaSDK
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle

/// The server's `OutboundHTTPClient`: the one way auth methods and engines reach other services
/// (JWKS and OIDC discovery endpoints, the Kubernetes TokenReview API).
///
/// Each distinct CA bundle a request asks to trust gets its own `HTTPClient` (TLS trust is a
/// client-wide setting in AsyncHTTPClient), created on first use and kept for reuse; requests
/// without one trust the system roots. Redirects are not followed, so a bearer token never
/// travels to a host it was not meant for, and response bodies are capped.
///
/// It is a `Service`: run it in the server's service group (ahead of the HTTP server, so that it
/// stops last) and it shuts its clients down on graceful shutdown; or call `shutdown()` yourself.
/// Requests made after that fail with `OutboundHTTPError.shutDown`.
package final class AsyncHTTPOutboundClient: OutboundHTTPClient, Service {
    /// Bodies larger than this fail the request.
    package let maxBodyBytes: Int
    private let connectTimeout: TimeAmount
    private let pool: ClientPool

    /// - Parameters:
    ///   - maxBodyBytes: the largest response body accepted (default 1 MiB).
    ///   - connectTimeout: how long establishing a connection may take; each request's own
    ///     `timeout` bounds the whole exchange.
    package init(maxBodyBytes: Int = 1 << 20, connectTimeout: TimeAmount = .seconds(5)) {
        self.maxBodyBytes = maxBodyBytes
        self.connectTimeout = connectTimeout
        self.pool = ClientPool(connectTimeout: connectTimeout)
    }

    package func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let client = try await pool.client(trusting: request.caPEM)
        var r = HTTPClientRequest(url: request.url)
        r.method = HTTPMethod(rawValue: request.method.uppercased())
        for (name, value) in request.headers { r.headers.add(name: name, value: value) }
        if !request.body.isEmpty { r.body = .bytes(ByteBuffer(bytes: request.body)) }
        let timeout = TimeAmount.milliseconds(Int64(max(0.001, request.timeout) * 1000))
        let response = try await client.execute(r, timeout: timeout)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw OutboundHTTPError.bodyTooLarge(limit: maxBodyBytes)
        }
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        return OutboundResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
    }

    /// Shuts every client down; later requests fail.
    package func shutdown() async throws { try await pool.shutdown() }

    /// Waits for the service group's graceful shutdown (or cancellation), then shuts down.
    package func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }
}

/// Why an outbound request failed before a response could be returned.
package enum OutboundHTTPError: Error, Equatable, CustomStringConvertible {
    case bodyTooLarge(limit: Int)
    case invalidCAPEM
    case shutDown

    package var description: String {
        switch self {
        case .bodyTooLarge(let limit): "response body larger than \(limit) bytes"
        case .invalidCAPEM: "could not parse CA PEM value successfully"
        case .shutDown: "the server is shutting down"
        }
    }
}

/// One `HTTPClient` per trusted CA bundle (the empty key: system roots).
private actor ClientPool {
    private let connectTimeout: TimeAmount
    private var clients: [String: HTTPClient] = [:]
    private var isShutDown = false

    init(connectTimeout: TimeAmount) {
        self.connectTimeout = connectTimeout
    }

    func client(trusting caPEM: String?) throws -> HTTPClient {
        guard !isShutDown else { throw OutboundHTTPError.shutDown }
        let key = caPEM ?? ""
        if let existing = clients[key] { return existing }
        var tls = TLSConfiguration.makeClientConfiguration()
        if !key.isEmpty {
            guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(key.utf8)), !certificates.isEmpty else {
                throw OutboundHTTPError.invalidCAPEM
            }
            tls.trustRoots = .certificates(certificates)
        }
        let configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: connectTimeout), decompression: .disabled)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        clients[key] = client
        return client
    }

    func shutdown() async throws {
        isShutDown = true
        let all = Array(clients.values)
        clients = [:]
        for client in all { try await client.shutdown() }
    }
}
