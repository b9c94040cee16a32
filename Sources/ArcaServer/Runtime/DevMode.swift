import ArcaCore
import ArcaSDK
import ArcaStorage

/// `arca server -dev`: in memory, initialized with a single key share, unsealed.
package enum DevMode {
    package static let defaultAddress = "127.0.0.1:8200"

    package struct Started: Sendable {
        package var core: Core
        package var unsealKey: String
        package var rootToken: String
    }

    /// - Parameter audit: the config's audit settings; dev mode allows API-created devices.
    package static func start(
        rootTokenID: String?, configuration: CoreConfiguration, http: any OutboundHTTPClient,
        audit: AuditSettings = AuditSettings(allowAPICreation: true)
    ) async throws -> Started {
        let core = Core(
            physical: InMemoryBackend(), configuration: configuration,
            backends: BuiltinRegistry.factory(clock: configuration.clock, http: http))
        await core.audit.configure(audit)
        let result = try await core.sealManager.initialize(
            shares: 1, threshold: 1, rootTokenID: rootTokenID, unsealAfter: true)
        // As in Vault's dev mode: KV version 2 at secret/.
        try await core.mounts.enable(
            path: "secret/", type: "kv", description: "key/value secret storage", options: ["version": "2"],
            defaultLeaseTTL: 0, maxLeaseTTL: 0)
        return Started(core: core, unsealKey: Base64.encode(result.shares[0]), rootToken: result.rootToken)
    }

    package static func banner(address: String, unsealKey: String, rootToken: String) -> String {
        """
        WARNING! dev mode is enabled! In this mode, Arca runs entirely in memory,
        starts unsealed with a single unseal key, and prints its root token below.
        Do not run dev mode in production: every secret is lost when it stops.

        You may need to set the following environment variables:

            $ export VAULT_ADDR='http://\(address)'

        The unseal key and root token are displayed below in case you want to
        seal/unseal the server or re-authenticate.

        Unseal Key: \(unsealKey)
        Root Token: \(rootToken)

        """
    }
}
