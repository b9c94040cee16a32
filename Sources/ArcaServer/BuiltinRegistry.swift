import ArcaAuthAppRole
import ArcaAuthJWT
import ArcaAuthKubernetes
import ArcaAuthUserpass
import ArcaCore
import ArcaSDK
import ArcaSecretsCubbyhole
import ArcaSecretsDatabase
import ArcaSecretsKV
import ArcaSecretsTransit
import FoundationEssentials

/// The one place that imports every engine and auth method: mount type → backend.
package enum BuiltinRegistry {
    package static func backend(
        for entry: MountEntry, now: @escaping @Sendable () -> Date, http: any OutboundHTTPClient
    ) -> (any Backend)? {
        switch (entry.table, entry.type) {
        case (.secrets, "kv"), (.secrets, "generic"): KVEngine.make(version: entry.options["version"] ?? "1", now: now)
        case (.secrets, "cubbyhole"): CubbyholeBackend().router
        case (.secrets, "database"): DatabaseEngine.make(now: now)
        case (.secrets, "transit"): TransitEngine.make(now: now)
        case (.auth, "userpass"): UserpassAuth.make()
        case (.auth, "approle"): AppRoleAuth.make(now: now)
        case (.auth, "jwt"), (.auth, "oidc"): JWTAuthMethod.make(http: http, now: now)
        case (.auth, "kubernetes"): KubernetesAuthMethod.make(http: http, now: now)
        default: nil
        }
    }

    /// The factory the core uses, with the core's clock and the server's outbound HTTP client.
    package static func factory(clock: any WallClock, http: any OutboundHTTPClient) -> BackendFactory {
        { entry in backend(for: entry, now: { clock.now() }, http: http) }
    }
}
