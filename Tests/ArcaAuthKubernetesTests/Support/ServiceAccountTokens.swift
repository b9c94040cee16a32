import ArcaWire

/// Claims shaped like the two kinds of service-account tokens Kubernetes issues.
enum ServiceAccountTokens {
    /// A legacy, secret-based token: flat claims, no expiry.
    static func legacy(
        namespace: String = "default", name: String = "vault-auth", uid: String = "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e",
        _ overrides: [String: JSONValue?] = [:]
    ) -> [String: JSONValue] {
        var c: [String: JSONValue] = [
            "iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": .string(namespace),
            "kubernetes.io/serviceaccount/secret.name": .string("\(name)-token-x7k2p"),
            "kubernetes.io/serviceaccount/service-account.name": .string(name),
            "kubernetes.io/serviceaccount/service-account.uid": .string(uid),
            "sub": .string("system:serviceaccount:\(namespace):\(name)"),
        ]
        for (k, v) in overrides { c[k] = v }
        return c
    }

    /// A projected (bound) token as a pod gets it: nested `kubernetes.io` claims, audiences, expiry.
    static func projected(
        now: Double, namespace: String = "payments", name: String = "api", uid: String = "0c7e7f4a-2b1d-4e5f-8a9b-6c5d4e3f2a1b",
        audiences: [String] = ["https://kubernetes.default.svc.cluster.local"], _ overrides: [String: JSONValue?] = [:]
    ) -> [String: JSONValue] {
        let t = Int(now)
        var c: [String: JSONValue] = [
            "aud": .strings(audiences), "exp": .int(t + 3607), "iat": .int(t), "nbf": .int(t),
            "iss": "https://kubernetes.default.svc.cluster.local", "jti": "5b0f2c1e-8d7a-4b6c-9e1f-0a2b3c4d5e6f",
            "kubernetes.io": [
                "namespace": .string(namespace),
                "node": ["name": "node-1", "uid": "a1b2c3d4-0000-4000-8000-000000000001"],
                "pod": ["name": .string("\(name)-7d9f8b6c5-xk2lp"), "uid": "e5f6a7b8-0000-4000-8000-000000000002"],
                "serviceaccount": ["name": .string(name), "uid": .string(uid)], "warnafter": .int(t + 3600),
            ],
            "sub": .string("system:serviceaccount:\(namespace):\(name)"),
        ]
        for (k, v) in overrides { c[k] = v }
        return c
    }
}
