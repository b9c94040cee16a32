import ArcaWire

/// The mount's `config`: how to reach the Kubernetes API and how to check service-account tokens.
struct KubernetesConfig: Sendable, Equatable {
    var host = ""
    var caCert = ""
    /// The bearer token for the TokenReview API; never returned by a read.
    var tokenReviewerJWT = ""
    var pemKeys: [String] = []
    var issuer = ""
    var disableISSValidation = true
    var disableLocalCAJWT = false

    init() {}

    var readJSON: [String: JSONValue] {
        [
            "kubernetes_host": .string(host), "kubernetes_ca_cert": .string(caCert), "pem_keys": .strings(pemKeys),
            "issuer": .string(issuer), "disable_iss_validation": .bool(disableISSValidation),
            "disable_local_ca_jwt": .bool(disableLocalCAJWT), "token_reviewer_jwt_set": .bool(!tokenReviewerJWT.isEmpty),
        ]
    }

    var storageJSON: JSONValue {
        var o = readJSON
        o["token_reviewer_jwt_set"] = nil
        o["token_reviewer_jwt"] = .string(tokenReviewerJWT)
        return .object(o)
    }

    init(storageJSON o: [String: JSONValue]) {
        host = o["kubernetes_host"]?.stringValue ?? ""
        caCert = o["kubernetes_ca_cert"]?.stringValue ?? ""
        tokenReviewerJWT = o["token_reviewer_jwt"]?.stringValue ?? ""
        pemKeys = o["pem_keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        issuer = o["issuer"]?.stringValue ?? ""
        disableISSValidation = o["disable_iss_validation"]?.boolValue ?? true
        disableLocalCAJWT = o["disable_local_ca_jwt"]?.boolValue ?? false
    }
}
