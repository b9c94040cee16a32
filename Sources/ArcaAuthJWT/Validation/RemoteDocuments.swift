import ArcaAuthSupport
import ArcaSDK
import ArcaWire

/// Fetches the documents a JWKS or OIDC discovery key source is made of, through the server's
/// outbound HTTP client (which enforces timeouts, a body cap and the configured CA).
struct RemoteDocuments: Sendable {
    let http: any OutboundHTTPClient

    /// The keys at `url` (a JWKS document).
    func keySet(url: String, caPEM: String) async throws(JOSEError) -> [VerificationKey] {
        let response = try await get(url, caPEM: caPEM, what: "get keys")
        do {
            return try VerificationKey.keySet(json: response.body)
        } catch {
            throw JOSEError("failed to decode keys: \(error.message)")
        }
    }

    /// The `jwks_uri` of the OIDC provider at `issuer`, whose discovery document must name
    /// exactly that issuer.
    func discoverKeySetURL(issuer: String, caPEM: String) async throws(JOSEError) -> String {
        var base = issuer
        while base.hasSuffix("/") { base.removeLast() }
        let response = try await get(base + "/.well-known/openid-configuration", caPEM: caPEM, what: "get discovery document")
        guard let doc = try? JSONParser.parse(response.body).objectValue else {
            throw JOSEError("failed to decode OIDC discovery document")
        }
        let returned = doc["issuer"]?.stringValue ?? ""
        guard returned == issuer else {
            throw JOSEError("issuer did not match the returned issuer, expected \(quoted(issuer)) got \(quoted(returned))")
        }
        guard let jwksURI = doc["jwks_uri"]?.stringValue, !jwksURI.isEmpty else {
            throw JOSEError("OIDC discovery document has no jwks_uri")
        }
        return jwksURI
    }

    private func get(_ url: String, caPEM: String, what: String) async throws(JOSEError) -> OutboundResponse {
        let request = OutboundRequest(
            url: url, headers: ["Accept": "application/json"], caPEM: caPEM.isEmpty ? nil : caPEM)
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw JOSEError("\(what) failed: \(error)")
        }
        guard response.status == 200 else {
            throw JOSEError("\(what) failed: status \(response.status)")
        }
        return response
    }
}
