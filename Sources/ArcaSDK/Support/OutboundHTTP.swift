/// HTTP calls a backend makes to the outside world (a JWKS endpoint, a Kubernetes TokenReview,
/// an OIDC discovery document). The composition root supplies the implementation, so engines and
/// auth methods need no HTTP library of their own.
public protocol OutboundHTTPClient: Sendable {
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}

public struct OutboundRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
    /// PEM certificates to trust instead of the system roots (`jwks_ca_pem`, `kubernetes_ca_cert`).
    public var caPEM: String?
    /// Seconds before the call gives up.
    public var timeout: Double

    public init(
        method: String = "GET", url: String, headers: [String: String] = [:], body: [UInt8] = [], caPEM: String? = nil,
        timeout: Double = 10
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.caPEM = caPEM
        self.timeout = timeout
    }
}

public struct OutboundResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
