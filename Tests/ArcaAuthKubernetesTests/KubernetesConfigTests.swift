import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import Testing

@Suite struct KubernetesConfigTests {
    let h = KubernetesHarness()

    @Test("config validation: a host is required; no local CA means a CA must be given; keys must parse")
    func validation() async throws {
        #expect(await h.writeError("config", [:]) == .invalidRequest("no host provided"))
        #expect(
            await h.writeError("config", ["kubernetes_host": "https://k8s", "disable_local_ca_jwt": true])
                == .invalidRequest("kubernetes_ca_cert must be given when disable_local_ca_jwt is true"))
        #expect(
            await h.writeError("config", ["kubernetes_host": "https://k8s", "pem_keys": ["junk"]])
                == .invalidRequest("data does not contain any valid public keys"))
        #expect(try await h.read("config") == nil)
    }

    @Test("a config reads back with OpenBao's shape and never shows the reviewer JWT")
    func readShape() async throws {
        let pem = TestKey.makeP256().publicPEM
        try await h.write(
            "config",
            [
                "kubernetes_host": "https://10.96.0.1:443", "kubernetes_ca_cert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                "token_reviewer_jwt": "reviewer-secret-token", "pem_keys": [.string(pem)],
            ])
        let c = try #require(try await h.read("config"))
        #expect(c["kubernetes_host"] == "https://10.96.0.1:443")
        #expect(c["pem_keys"] == [.string(pem)])
        #expect(c["issuer"] == "")
        #expect(c["disable_iss_validation"] == true)
        #expect(c["disable_local_ca_jwt"] == false)
        #expect(c["token_reviewer_jwt_set"] == true)
        #expect(c["token_reviewer_jwt"] == nil)
        #expect(!c.values.contains(.string("reviewer-secret-token")))
        #expect(Set(c.keys) == [
            "kubernetes_host", "kubernetes_ca_cert", "pem_keys", "issuer", "disable_iss_validation",
            "disable_local_ca_jwt", "token_reviewer_jwt_set",
        ])
    }
}

@Suite struct KubernetesRoleTests {
    let h = KubernetesHarness()

    @Test("bindings are required and '*' does not mix with other values")
    func validation() async throws {
        #expect(await h.writeError("role/r", [:]) == .invalidRequest("\"bound_service_account_names\" can not be empty"))
        #expect(
            await h.writeError("role/r", ["bound_service_account_names": ["*", "a"]])
                == .invalidRequest("can not mix \"*\" with values"))
        #expect(
            await h.writeError("role/r", ["bound_service_account_names": "app"])
                == .invalidRequest(
                    "\"bound_service_account_namespaces\" can not be empty if \"bound_service_account_namespace_selector\" is not set"))
        #expect(
            await h.writeError("role/r", ["bound_service_account_names": "app", "bound_service_account_namespaces": "*,x"])
                == .invalidRequest("can not mix \"*\" with values"))
        #expect(
            await h.writeError(
                "role/r",
                ["bound_service_account_names": "app", "bound_service_account_namespaces": "default", "alias_name_source": "foo"])
                == .invalidRequest("invalid alias_name_source, must be one of: serviceaccount_uid, serviceaccount_name"))
        let selector = await h.writeError(
            "role/r", ["bound_service_account_names": "app", "bound_service_account_namespace_selector": #"{"matchLabels":{"a":"b"}}"#])
        #expect(selector?.description.contains("not supported yet") == true)
    }

    @Test("a role reads back with OpenBao's shape; updates keep unnamed fields; names are case-insensitive")
    func readShape() async throws {
        try await h.write(
            "role/Payments",
            [
                "bound_service_account_names": "api,worker-*", "bound_service_account_namespaces": "payments,*-prod",
                "token_policies": "payments", "token_ttl": "20m",
            ])
        let r = try #require(try await h.read("role/payments"))
        #expect(r["bound_service_account_names"] == ["api", "worker-*"])
        #expect(r["bound_service_account_namespaces"] == ["payments", "*-prod"])
        #expect(r["bound_service_account_namespace_selector"] == "")
        #expect(r["alias_name_source"] == "serviceaccount_uid")
        #expect(r["audience"] == nil)
        #expect(r["token_policies"] == ["payments"])
        #expect(r["token_ttl"] == 1200)
        try await h.write("role/PAYMENTS", ["audience": "arca", "alias_name_source": "serviceaccount_name"])
        let u = try #require(try await h.read("role/payments"))
        #expect(u["audience"] == "arca")
        #expect(u["alias_name_source"] == "serviceaccount_name")
        #expect(u["bound_service_account_names"] == ["api", "worker-*"])
        #expect(try await h.backend.handle(h.request(.list, "role"))?.data?["keys"] == ["payments"])
        _ = try await h.backend.handle(h.request(.delete, "role/Payments"))
        #expect(try await h.read("role/payments") == nil)
    }
}
