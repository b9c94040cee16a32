import ArcaAuthKubernetes
import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

/// Logins confirmed by a fake TokenReview API.
@Suite struct KubernetesLoginTests {
    let h = KubernetesHarness()
    let signer = TestKey.makeP256()
    let ca = "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUA\n-----END CERTIFICATE-----\n"

    init() async throws {
        try await h.write(
            "config",
            ["kubernetes_host": "https://10.96.0.1:443/", "kubernetes_ca_cert": .string(ca), "token_reviewer_jwt": "reviewer-jwt"])
        try await h.write(
            "role/app",
            [
                "bound_service_account_names": "vault-auth,api*", "bound_service_account_namespaces": "default,pay*",
                "token_policies": "app", "token_ttl": "1h",
            ])
    }

    func legacy(_ overrides: [String: JSONValue?] = [:], name: String = "vault-auth", namespace: String = "default") -> String {
        signer.sign(ServiceAccountTokens.legacy(namespace: namespace, name: name, overrides))
    }

    func projected(audiences: [String] = [FakeKubernetesAPI.defaultAudience], _ overrides: [String: JSONValue?] = [:]) -> String {
        signer.sign(ServiceAccountTokens.projected(now: h.now, audiences: audiences, overrides))
    }

    @Test("a legacy token logs in once the API confirms it; the review request is a real TokenReview")
    func legacyLogin() async throws {
        let token = legacy()
        let r = try await h.login("app", token)
        #expect(r.policies == ["app"])
        #expect(r.displayName == "default-vault-auth")
        #expect(r.alias?.name == "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e")
        let aliasMeta = [
            "service_account_name": "vault-auth", "service_account_namespace": "default",
            "service_account_uid": "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e", "service_account_secret_name": "vault-auth-token-x7k2p",
        ]
        #expect(r.alias?.metadata == aliasMeta)
        #expect(r.metadata == aliasMeta.merging(["role": "app"]) { a, _ in a })
        #expect(r.token.ttl == 3600)
        #expect(r.internalData["role"] == "app")

        let sent = try #require(h.api.requests.last)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://10.96.0.1:443/apis/authentication.k8s.io/v1/tokenreviews")
        #expect(sent.headers["Authorization"] == "Bearer reviewer-jwt")
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.caPEM == ca)
        #expect(
            h.api.lastReview
                == ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(token)]])
    }

    @Test("a projected token: nested claims, its own audiences reviewed, alias from namespace/name")
    func projectedLogin() async throws {
        try await h.write("role/app", ["alias_name_source": "serviceaccount_name"])
        let r = try await h.login("app", projected())
        #expect(r.alias?.name == "payments/api")
        #expect(r.metadata["service_account_secret_name"] == "")
        #expect(r.metadata["service_account_uid"] == "0c7e7f4a-2b1d-4e5f-8a9b-6c5d4e3f2a1b")
        #expect(r.displayName == "payments-api")
        #expect(h.api.lastReview?["spec"]?["audiences"] == [.string(FakeKubernetesAPI.defaultAudience)])
    }

    @Test("without a reviewer JWT the caller's own token authorizes the review; in a pod, the pod's")
    func bearer() async throws {
        let token = legacy()
        try await h.write("config", ["kubernetes_host": "https://10.96.0.1:443", "kubernetes_ca_cert": .string(ca), "disable_local_ca_jwt": true])
        h.pod.set(PodCredentials(caCert: "pod-ca", token: "pod-token"))
        _ = try await h.login("app", token)
        #expect(h.api.requests.last?.headers["Authorization"] == "Bearer \(token)")
        try await h.write("config", ["kubernetes_host": "https://10.96.0.1:443"])
        _ = try await h.login("app", token)
        #expect(h.api.requests.last?.headers["Authorization"] == "Bearer pod-token")
        #expect(h.api.requests.last?.caPEM == "pod-ca")
    }

    @Test("bindings: globs on names and namespaces, with OpenBao's 403 texts")
    func bindings() async throws {
        _ = try await h.login("app", legacy(name: "api-gateway", namespace: "payments-eu"))
        #expect(
            await h.loginError("app", legacy(name: "billing"))
                == .coded(status: 403, message: "service account name not authorized"))
        #expect(
            await h.loginError("app", legacy(namespace: "kube-system"))
                == .coded(status: 403, message: "namespace not authorized"))
        try await h.write("role/any", ["bound_service_account_names": "*", "bound_service_account_namespaces": "*"])
        _ = try await h.login("any", legacy(name: "billing", namespace: "kube-system"))
        #expect(h.api.requests.count == 2)
    }

    @Test("the role's audience must be in the token, and the API must grant it")
    func audience() async throws {
        try await h.write("role/app", ["audience": "arca"])
        _ = try await h.login("app", projected(audiences: ["arca", "other"]))
        #expect(h.api.lastReview?["spec"]?["audiences"] == ["arca"])
        #expect(
            await h.loginError("app", projected())
                == .coded(
                    status: 403, message: "invalid audience (aud) claim: audience claim does not match any expected audience"))
        // A legacy token has no aud claim at all.
        #expect(
            await h.loginError("app", legacy())
                == .coded(
                    status: 403, message: "invalid audience (aud) claim: audience claim does not match any expected audience"))
    }

    @Test(
        "anything but a confirmed review of the same account is permission denied",
        arguments: [
            FakeKubernetesAPI.Mode.revoked, .unauthorized, .forbidden, .unreachable,
            .identity(username: "system:serviceaccount:default:vault-auth", uid: "another-uid"),
            .identity(username: "system:serviceaccount:default:impostor", uid: "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e"),
            .identity(username: "system:node:node-1", uid: "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e"),
            .identity(username: "alice", uid: "d7e2b2c1-4c6a-4a8e-9d3e-1f2a3b4c5d6e"),
        ])
    func reviewFailures(mode: FakeKubernetesAPI.Mode) async throws {
        h.api.setMode(mode)
        #expect(await h.loginError("app", legacy()) == .permissionDenied)
    }

    @Test("expired, malformed or unsigned tokens never reach the API")
    func localChecks() async throws {
        let t = Int(h.now)
        #expect(
            await h.loginError("app", projected(["exp": .int(t - 1000), "iat": .int(t - 4000), "nbf": .int(t - 4000)]))
                == .coded(status: 403, message: "invalid expiration time (exp) claim: token is expired"))
        #expect(await h.loginError("app", "garbage") == .permissionDenied)
        let payload = legacy().split(separator: ".")[1]
        #expect(await h.loginError("app", b64url(Array(#"{"alg":"none"}"#.utf8)) + ".\(payload).") == .permissionDenied)
        #expect(
            await h.loginError("app", TestKey.makeEd25519().sign(ServiceAccountTokens.legacy()))
                == .coded(status: 403, message: "invalid algorithm (alg) header parameter: token signed with unexpected algorithm"))
        #expect(h.api.requests.count == 0)
    }

    @Test("request errors: missing role or jwt, unknown role, no config")
    func requestErrors() async throws {
        #expect(await h.loginError("", legacy()) == .invalidRequest("missing role"))
        #expect(await h.loginError("app", "") == .invalidRequest("missing jwt"))
        #expect(await h.loginError("nope", legacy()) == .invalidRequest("invalid role name \"nope\""))
        #expect(try await h.login("APP", legacy()).metadata["role"] == "APP")
        let fresh = KubernetesHarness()
        try await fresh.write("role/app", ["bound_service_account_names": "*", "bound_service_account_namespaces": "*"])
        #expect(
            await fresh.loginError("app", legacy()) == .coded(status: 500, message: "could not load backend configuration"))
    }

    @Test("token_bound_cidrs limit where logins come from")
    func boundCIDRs() async throws {
        try await h.write("role/app", ["token_bound_cidrs": "10.0.0.0/8"])
        _ = try await h.login("app", legacy(), remote: "10.2.3.4")
        #expect(await h.loginError("app", legacy(), remote: "172.16.0.1") == .permissionDenied)
    }
}

/// Logins where `pem_keys` verify the token's signature before the API is asked.
@Suite struct KubernetesPEMKeyTests {
    let h = KubernetesHarness()
    let rsa = TestKey.rsaA
    let ec = TestKey.makeP256()

    init() async throws {
        try await h.write(
            "config",
            [
                "kubernetes_host": "https://10.96.0.1:443", "pem_keys": [.string(rsa.publicPEM), .string(ec.publicPEM)],
                "issuer": "https://kubernetes.default.svc.cluster.local", "disable_iss_validation": false,
                "token_reviewer_jwt": "reviewer-jwt",
            ])
        try await h.write("role/app", ["bound_service_account_names": "api", "bound_service_account_namespaces": "payments"])
    }

    func token(_ key: TestKey, _ overrides: [String: JSONValue?] = [:]) -> String {
        key.sign(ServiceAccountTokens.projected(now: h.now, overrides))
    }

    @Test("RS256 and ES256 tokens signed by a configured key verify, then are reviewed")
    func verified() async throws {
        _ = try await h.login("app", token(rsa))
        _ = try await h.login("app", token(ec))
        #expect(h.api.requests.count == 2)
    }

    @Test("a token signed by another key is permission denied without asking the API")
    func wrongKey() async throws {
        #expect(await h.loginError("app", token(.rsaB)) == .permissionDenied)
        #expect(await h.loginError("app", token(TestKey.makeP256())) == .permissionDenied)
        #expect(h.api.requests.count == 0)
    }

    @Test("the issuer is checked when validation is on, and ignored when off (the default)")
    func issuer() async throws {
        #expect(
            await h.loginError("app", token(rsa, ["iss": "https://evil.example.com"]))
                == .coded(status: 403, message: "invalid issuer (iss) claim"))
        try await h.write(
            "config", ["kubernetes_host": "https://10.96.0.1:443", "pem_keys": [.string(rsa.publicPEM)], "issuer": "x"])
        _ = try await h.login("app", token(rsa, ["iss": "https://evil.example.com"]))
    }
}
