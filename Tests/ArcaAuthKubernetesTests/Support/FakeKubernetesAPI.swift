import ArcaSDK
import ArcaWire
import FoundationEssentials
import Synchronization

/// The TokenReview endpoint of a Kubernetes API server, speaking its JSON: it reads the service
/// account from the reviewed token, checks requested audiences against the token's, and can be
/// told to answer as a cluster does when the token was revoked or the reviewer is not allowed.
final class FakeKubernetesAPI: OutboundHTTPClient {
    enum Mode: Sendable {
        /// Tokens are valid and belong to the account their claims name.
        case normal
        /// Every token is rejected, as after its service account was deleted.
        case revoked
        /// The bearer token is not valid: 401 with a `Status` object.
        case unauthorized
        /// The reviewer may not create TokenReviews: 403 with a `Status` object.
        case forbidden
        /// Tokens are valid but belong to this user.
        case identity(username: String, uid: String)
        /// The request fails before any response (connection refused).
        case unreachable
    }

    struct ConnectionRefused: Error {}

    static let defaultAudience = "https://kubernetes.default.svc.cluster.local"

    let host: String
    private let state: Mutex<(mode: Mode, requests: [OutboundRequest])>

    init(host: String = "https://10.96.0.1:443") {
        self.host = host
        state = Mutex((mode: Mode.normal, requests: []))
    }

    func setMode(_ mode: Mode) { state.withLock { $0.mode = mode } }
    var requests: [OutboundRequest] { state.withLock { $0.requests } }
    /// The JSON body of the last TokenReview request.
    var lastReview: JSONValue? { requests.last.flatMap { try? JSONParser.parse($0.body) } }

    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let mode = state.withLock { s -> Mode in
            s.requests.append(request)
            return s.mode
        }
        guard request.url == host + "/apis/authentication.k8s.io/v1/tokenreviews", request.method == "POST" else {
            return status(404, "NotFound", "the server could not find the requested resource")
        }
        guard let review = try? JSONParser.parse(request.body), let token = review["spec"]?["token"]?.stringValue else {
            return status(400, "BadRequest", "the request could not be decoded")
        }
        let requested = review["spec"]?["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch mode {
        case .unreachable: throw ConnectionRefused()
        case .unauthorized: return status(401, "Unauthorized", "Unauthorized")
        case .forbidden:
            return status(
                403, "Forbidden",
                "tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:default:default\" cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope"
            )
        case .revoked:
            return reviewResponse(token, requested, status: ["user": [:], "error": "[invalid bearer token, service account token has been invalidated]"])
        case .identity(let username, let uid):
            return reviewResponse(
                token, requested,
                status: ["authenticated": true, "user": ["username": .string(username), "uid": .string(uid)], "audiences": [.string(Self.defaultAudience)]])
        case .normal:
            return normalReview(token, requested)
        }
    }

    private func normalReview(_ token: String, _ requested: [String]) -> OutboundResponse {
        let claims = Self.claims(of: token)
        let projected = claims["kubernetes.io"]
        let ns = projected?["namespace"]?.stringValue ?? claims["kubernetes.io/serviceaccount/namespace"]?.stringValue ?? ""
        let name =
            projected?["serviceaccount"]?["name"]?.stringValue
            ?? claims["kubernetes.io/serviceaccount/service-account.name"]?.stringValue ?? ""
        let uid =
            projected?["serviceaccount"]?["uid"]?.stringValue
            ?? claims["kubernetes.io/serviceaccount/service-account.uid"]?.stringValue ?? ""
        var tokenAudiences = [Self.defaultAudience]
        if case .array(let a)? = claims["aud"] { tokenAudiences = a.compactMap(\.stringValue) }
        if case .string(let a)? = claims["aud"] { tokenAudiences = [a] }
        var granted = tokenAudiences
        if !requested.isEmpty {
            granted = requested.filter(tokenAudiences.contains)
            if granted.isEmpty {
                return reviewResponse(
                    token, requested,
                    status: [
                        "user": [:],
                        "error": .string("[invalid bearer token, token audiences \(tokenAudiences) is invalid for the target audiences \(requested), unknown]"),
                    ])
            }
        }
        let user: JSONValue = [
            "username": .string("system:serviceaccount:\(ns):\(name)"), "uid": .string(uid),
            "groups": ["system:serviceaccounts", .string("system:serviceaccounts:\(ns)"), "system:authenticated"],
        ]
        return reviewResponse(token, requested, status: ["authenticated": true, "user": user, "audiences": .strings(granted)])
    }

    private func reviewResponse(_ token: String, _ audiences: [String], status: JSONValue) -> OutboundResponse {
        var spec: [String: JSONValue] = ["token": .string(token)]
        if !audiences.isEmpty { spec["audiences"] = .strings(audiences) }
        let body: JSONValue = [
            "kind": "TokenReview", "apiVersion": "authentication.k8s.io/v1", "metadata": ["creationTimestamp": nil],
            "spec": .object(spec), "status": status,
        ]
        return OutboundResponse(status: 201, headers: ["content-type": "application/json"], body: JSONWriter.encode(body))
    }

    private func status(_ code: Int, _ reason: String, _ message: String) -> OutboundResponse {
        let body: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": .string(message),
            "reason": .string(reason), "code": .int(code),
        ]
        return OutboundResponse(status: code, headers: ["content-type": "application/json"], body: JSONWriter.encode(body))
    }

    /// The token's claims, read without verification (the fake trusts its own tokens).
    static func claims(of token: String) -> [String: JSONValue] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return [:] }
        var text = String(parts[1]).map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }.reduce(into: "") { $0.append($1) }
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return [:] }
        return (try? JSONParser.parse(Array(data)))?.objectValue ?? [:]
    }
}
