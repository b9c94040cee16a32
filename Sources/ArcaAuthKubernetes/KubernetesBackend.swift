import ArcaSDK
public import FoundationEssentials

/// The `kubernetes` auth method: pods log in with their service-account token, which the
/// Kubernetes TokenReview API confirms (and `pem_keys`, when set, verify locally first).
public enum KubernetesAuthMethod {
    /// A backend for one mount.
    /// - Parameters:
    ///   - http: How the method reaches the Kubernetes API; the server's implementation.
    ///   - now: The clock that token expiry is checked against.
    ///   - podCredentials: The CA and token of the pod the server runs in, used when the config
    ///     gives none and `disable_local_ca_jwt` is false. Defaults to the standard files.
    public static func make(
        http: any OutboundHTTPClient, now: @escaping @Sendable () -> Date,
        podCredentials: @escaping @Sendable () -> PodCredentials = PodCredentials.fromServiceAccountFiles
    ) -> any Backend {
        KubernetesBackend(http: http, now: now, podCredentials: podCredentials).router
    }
}

/// One mount's dependencies: the outbound client, the clock and the pod's own credentials.
struct KubernetesBackend: Sendable {
    let http: any OutboundHTTPClient
    let now: @Sendable () -> Date
    let podCredentials: @Sendable () -> PodCredentials

    var router: PathRouter {
        PathRouter(
            paths: [loginPath, configPath, roleListPath, rolePath],
            unauthenticated: ["login"],
            help: """
                The Kubernetes auth method logs pods in with their service-account JWT: the token's \
                claims must match a role's bindings and the Kubernetes TokenReview API must confirm it.
                """)
    }

    func store(_ req: LogicalRequest) -> KubernetesStore { KubernetesStore(storage: req.storage) }
}
