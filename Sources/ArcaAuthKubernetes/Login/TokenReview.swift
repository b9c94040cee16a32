import ArcaSDK
import ArcaWire

/// Asks the Kubernetes API whether a token is valid (`POST /apis/authentication.k8s.io/v1/tokenreviews`)
/// and who it belongs to. Every failure is a `ReviewError`, which a login reports only as
/// `permission denied`.
struct TokenReview: Sendable {
    let http: any OutboundHTTPClient

    struct ReviewError: Error, Equatable {
        let reason: String
    }

    /// - Parameters:
    ///   - host: `kubernetes_host`.
    ///   - bearer: The token that authorizes the review (the reviewer JWT, or the token itself).
    ///   - audiences: Audiences the token must be valid for; empty skips the check.
    func review(
        _ token: String, host: String, caPEM: String?, bearer: String, audiences: [String]
    ) async throws(ReviewError) -> ServiceAccount {
        var spec: [String: JSONValue] = ["token": .string(token)]
        if !audiences.isEmpty { spec["audiences"] = .strings(audiences) }
        let body: JSONValue = [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": .object(spec),
        ]
        var base = host
        while base.hasSuffix("/") { base.removeLast() }
        let request = OutboundRequest(
            method: "POST", url: base + "/apis/authentication.k8s.io/v1/tokenreviews",
            headers: [
                "Authorization": "Bearer " + bearer, "Content-Type": "application/json", "Accept": "application/json",
            ],
            body: JSONWriter.encode(body), caPEM: caPEM)
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw ReviewError(reason: "request failed: \(error)")
        }
        return try Self.parse(response, wanted: audiences)
    }

    static func parse(_ response: OutboundResponse, wanted: [String]) throws(ReviewError) -> ServiceAccount {
        guard (200...206).contains(response.status) else {
            throw ReviewError(
                reason: response.status == 401
                    ? "service account unauthorized; it may have been deleted or recreated with a new token"
                    : "status \(response.status)")
        }
        guard let doc = try? JSONParser.parse(response.body).objectValue else { throw ReviewError(reason: "not JSON") }
        if doc["kind"]?.stringValue == "Status" && doc["status"]?.stringValue != "Success" {
            throw ReviewError(reason: doc["message"]?.stringValue ?? "failure status")
        }
        let status = doc["status"]?.objectValue ?? [:]
        if let e = status["error"]?.stringValue, !e.isEmpty { throw ReviewError(reason: e) }
        guard status["authenticated"]?.boolValue == true else { throw ReviewError(reason: "service account jwt not valid") }
        if !wanted.isEmpty {
            let granted = status["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard wanted.contains(where: granted.contains) else {
                throw ReviewError(reason: "service account jwt valid for audience(s) \(granted), but wanted \(wanted)")
            }
        }
        let user = status["user"]?.objectValue ?? [:]
        let parts = (user["username"]?.stringValue ?? "").split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw ReviewError(reason: "unexpected username format") }
        guard parts[0] == "system", parts[1] == "serviceaccount" else {
            throw ReviewError(reason: "username returned is not a service account")
        }
        return ServiceAccount(
            name: String(parts[3]), namespace: String(parts[2]), uid: user["uid"]?.stringValue ?? "")
    }
}
