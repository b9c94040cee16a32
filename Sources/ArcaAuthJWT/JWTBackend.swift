import ArcaSDK
public import FoundationEssentials

/// The `jwt` (and `oidc`) auth method: logins with JWTs signed by a configured issuer, such as
/// CI systems (GitHub Actions, GitLab CI) or an OIDC provider's ID tokens.
public enum JWTAuthMethod {
    /// A backend for one mount.
    /// - Parameters:
    ///   - http: How the method reaches JWKS and discovery endpoints; the server's implementation.
    ///   - now: The clock that `exp`, `nbf` and `iat` are checked against.
    public static func make(http: any OutboundHTTPClient, now: @escaping @Sendable () -> Date) -> any Backend {
        JWTBackend(http: http, now: now).router
    }
}

/// One mount's state: the outbound client, the clock and the cache of signing keys.
struct JWTBackend: Sendable {
    let http: any OutboundHTTPClient
    let now: @Sendable () -> Date
    let keys: KeySetCache

    init(http: any OutboundHTTPClient, now: @escaping @Sendable () -> Date) {
        self.http = http
        self.now = now
        self.keys = KeySetCache(http: http)
    }

    var router: PathRouter {
        PathRouter(
            paths: [loginPath, configPath, roleListPath, rolePath],
            unauthenticated: ["login"],
            help: """
                The JWT auth method validates JWTs signed by a configured issuer (static public keys, \
                a JWKS URL or OIDC discovery) and maps their claims to a Vault token through roles. \
                The OIDC browser flow (oidc/auth_url, oidc/callback) is not served yet.
                """)
    }

    func store(_ req: LogicalRequest) -> JWTStore { JWTStore(storage: req.storage) }
}
