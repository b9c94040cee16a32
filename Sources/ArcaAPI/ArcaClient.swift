public import ArcaWire
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client for Arca's (and Vault's) HTTP API.
///
/// ```swift
/// let client = try ArcaClient(address: "http://127.0.0.1:8200", token: token)
/// defer { Task { try await client.shutdown() } }
/// let status = try await client.sys.sealStatus()
/// ```
public final class ArcaClient: Sendable {
    /// Base address, such as `https://127.0.0.1:8200`.
    public let address: String
    /// The client token sent as `X-Vault-Token`.
    public let token: String?
    private let http: HTTPClient

    /// TLS settings for `https` addresses.
    public struct TLSOptions: Sendable {
        public var caCertificateFile: String?
        public var skipVerify: Bool

        public init(caCertificateFile: String? = nil, skipVerify: Bool = false) {
            self.caCertificateFile = caCertificateFile
            self.skipVerify = skipVerify
        }
    }

    public init(address: String, token: String? = nil, tls: TLSOptions = TLSOptions()) throws {
        var trimmed = address
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.address = trimmed
        self.token = token
        var tlsConfig = TLSConfiguration.makeClientConfiguration()
        if tls.skipVerify { tlsConfig.certificateVerification = .none }
        if let ca = tls.caCertificateFile {
            tlsConfig.trustRoots = .file(ca)
        }
        var config = HTTPClient.Configuration(tlsConfiguration: tlsConfig)
        config.timeout = .init(connect: .seconds(10), read: .seconds(60))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Releases the connection pool. Call once when done.
    public func shutdown() async throws { try await http.shutdown() }

    /// Sends one request to `/v1/<path>` and returns the status and parsed body.
    /// A status of 400 or more throws `ArcaClientError` with the server's `errors`.
    @discardableResult
    public func send(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> (status: Int, body: JSONValue?) {
        let url = address + "/v1/" + path
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "X-Vault-Request", value: "true")
        if let token, !token.isEmpty { request.headers.add(name: "X-Vault-Token", value: token) }
        if let body {
            // Vault requires the merge-patch type on PATCH.
            request.headers.add(name: "Content-Type", value: method == "PATCH" ? "application/merge-patch+json" : "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter.encode(body)))
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(60))
        } catch {
            throw ArcaClientError.transport(method: method, url: url, reason: "\(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let parsed: JSONValue? = bytes.readableBytes == 0 ? nil : try? JSONParser.parse(bytes.readableBytesView)
        let status = Int(response.status.code)
        if status >= 400 {
            let errors = parsed.flatMap { try? ErrorEnvelope(json: $0).errors } ?? []
            throw ArcaClientError.api(method: method, url: url, status: status, errors: errors)
        }
        return (status, parsed)
    }

    /// The sys endpoints.
    public var sys: SysAPI { SysAPI(client: self) }
}
