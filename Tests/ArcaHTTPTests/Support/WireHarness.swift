import ArcaCore
import ArcaHTTP
import ArcaStorage
import ArcaTesting
import ArcaWire
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// One response, parsed.
struct WireResponse {
    var status: Int
    var body: JSONValue?
    var rawBody: String
    var headers: HTTPFields

    var errors: [String]? { body?["errors"]?.arrayValue?.compactMap(\.stringValue) }
}

/// Drives the router in process (no sockets) and keeps the core for assertions.
struct WireHarness {
    let core: Core
    let client: any TestClientProtocol

    static func run(_ body: @escaping @Sendable (WireHarness) async throws -> Void) async throws {
        let (core, _) = TestCore.make()
        let app = Application(router: ArcaRouter.make(core: core))
        try await app.test(.router) { client in
            try await body(WireHarness(core: core, client: client))
        }
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
              bytes: ByteBuffer? = nil, headers extra: HTTPFields = [:]) async throws -> WireResponse {
        var headers = extra
        if let token { headers[HTTPField.Name("X-Vault-Token")!] = token }
        let payload = bytes ?? json.map { ByteBuffer(string: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: payload) { r in
            let text = String(buffer: r.body)
            return WireResponse(
                status: Int(r.status.code), body: text.isEmpty ? nil : try? JSONParser.parse(text), rawBody: text,
                headers: r.headers)
        }
    }

    /// Initializes with 5/3 and unseals; returns the shares (hex) and the root token.
    func initAndUnseal() async throws -> (keys: [String], root: String) {
        let r = try await call(.put, "/v1/sys/init", json: #"{"secret_shares":5,"secret_threshold":3}"#)
        let keys = r.body?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let root = r.body?["root_token"]?.stringValue ?? ""
        for key in keys.prefix(3) { try await call(.put, "/v1/sys/unseal", json: #"{"key":"\#(key)"}"#) }
        return (keys, root)
    }
}
