import ArcaAuthSupport
import ArcaSDK
import ArcaWire

extension KubernetesBackend {
    enum ConfigFields {
        static let host = Field<String>(
            "kubernetes_host", description: "URL of the Kubernetes API server (https://host:port).")
        static let caCert = Field<String>("kubernetes_ca_cert", description: "PEM CA certificate of the API server.")
        static let reviewerJWT = Field<String>(
            "token_reviewer_jwt", description: "Bearer token for the TokenReview API (default: the logging-in token); never returned.")
        static let pemKeys = Field<[String]>(
            "pem_keys", description: "PEM public keys or certificates that sign service-account tokens, to verify them locally too.")
        static let issuer = Field<String>("issuer", description: "Required iss claim, when issuer validation is on.")
        static let disableISS = Field<Bool>(
            "disable_iss_validation", default: true, description: "Skip the iss check (the default).")
        static let disableLocal = Field<Bool>(
            "disable_local_ca_jwt", description: "Never use the CA and token of the pod the server runs in.")

        static let all = [
            host.spec, caCert.spec, reviewerJWT.spec, pemKeys.spec, issuer.spec, disableISS.spec, disableLocal.spec,
        ]
    }

    var configPath: Path {
        Path(
            "config", fields: ConfigFields.all, operations: [.read: readConfig, .update: writeConfig],
            synopsis: "Configure the Kubernetes API the method asks and the keys that sign service-account tokens.")
    }

    @Sendable func readConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let config = try await store(req).config() else { return nil }
        return .data(config.readJSON)
    }

    @Sendable func writeConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        typealias F = ConfigFields
        var c = KubernetesConfig()
        c.host = try f[F.host]
        guard !c.host.isEmpty else { throw LogicalError.invalidRequest("no host provided") }
        c.caCert = try f[F.caCert]
        c.tokenReviewerJWT = try f[F.reviewerJWT]
        c.pemKeys = try f[F.pemKeys]
        c.issuer = try f[F.issuer]
        c.disableISSValidation = try f[F.disableISS]
        c.disableLocalCAJWT = try f[F.disableLocal]
        if c.disableLocalCAJWT && c.caCert.isEmpty {
            throw LogicalError.invalidRequest("kubernetes_ca_cert must be given when disable_local_ca_jwt is true")
        }
        for pem in c.pemKeys {
            do throws(JOSEError) {
                _ = try VerificationKey(pem: pem)
            } catch {
                throw LogicalError.invalidRequest(error.message)
            }
        }
        try await store(req).putConfig(c)
        return nil
    }
}
