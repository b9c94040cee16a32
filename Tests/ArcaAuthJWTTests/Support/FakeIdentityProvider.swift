import ArcaSDK
import ArcaWire
import Synchronization

/// An OIDC provider as the method sees it over HTTP: the discovery document at
/// `<issuer>/.well-known/openid-configuration` and a JWKS at `<issuer>/.well-known/jwks`, with the
/// JSON documents real providers (GitHub Actions, GitLab) serve. Keys can be rotated.
final class FakeIdentityProvider: OutboundHTTPClient {
    struct Failure: Error {}

    let issuer: String
    private struct State {
        var keys: [JSONValue] = []
        var requests: [OutboundRequest] = []
        var reachable = true
        var documentIssuer: String?
    }
    private let state = Mutex(State())

    init(issuer: String, keys: [JSONValue] = []) {
        self.issuer = issuer
        state.withLock { $0.keys = keys }
    }

    var jwksURL: String { issuer + "/.well-known/jwks" }

    /// Replaces the published keys (a provider's key rotation).
    func publish(_ keys: [JSONValue]) { state.withLock { $0.keys = keys } }
    /// Makes every request fail as if the host were down.
    func setReachable(_ up: Bool) { state.withLock { $0.reachable = up } }
    /// Makes the discovery document name another issuer.
    func setDocumentIssuer(_ issuer: String) { state.withLock { $0.documentIssuer = issuer } }

    var requests: [OutboundRequest] { state.withLock { $0.requests } }
    var jwksFetches: Int { requests.filter { $0.url == jwksURL }.count }

    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let s = state.withLock { st -> State in
            st.requests.append(request)
            return st
        }
        guard s.reachable else { throw Failure() }
        guard request.method == "GET" else { return OutboundResponse(status: 405, body: []) }
        switch request.url {
        case issuer + "/.well-known/openid-configuration":
            let doc: JSONValue = [
                "issuer": .string(s.documentIssuer ?? issuer), "jwks_uri": .string(jwksURL),
                "authorization_endpoint": .string(issuer + "/oauth/authorize"),
                "token_endpoint": .string(issuer + "/oauth/token"),
                "response_types_supported": ["id_token"], "subject_types_supported": ["public", "pairwise"],
                "id_token_signing_alg_values_supported": ["RS256", "ES256", "EdDSA"],
                "claims_supported": ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository"],
                "scopes_supported": ["openid"],
            ]
            return json(doc)
        case jwksURL:
            return json(["keys": .array(s.keys)])
        default:
            return OutboundResponse(status: 404, headers: ["content-type": "text/plain"], body: Array("Not Found".utf8))
        }
    }

    private func json(_ v: JSONValue) -> OutboundResponse {
        OutboundResponse(status: 200, headers: ["content-type": "application/json"], body: JSONWriter.encode(v))
    }
}
