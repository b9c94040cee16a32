import ArcaCrypto
import ArcaSDK
import Logging

/// What the core is built from: the composition root fills it in from the server config.
package struct CoreConfiguration: Sendable {
    /// The storage type reported by `sys/seal-status` (`sqlite`, `inmem`).
    package var storageType: String
    /// `cluster_name` from the config, overriding the generated one.
    package var clusterName: String?
    /// `api_addr`, reported as the leader address.
    package var apiAddress: String?
    /// System default and maximum lease TTLs, seconds (`default_lease_ttl`, `max_lease_ttl`).
    package var defaultLeaseTTL: Int64 = 768 * 3600
    package var maxLeaseTTL: Int64 = 768 * 3600
    /// The `user_lockout` stanzas and `VAULT_DISABLE_USER_LOCKOUT`.
    package var userLockout = UserLockoutDefaults()
    package var entropy: any EntropySource
    package var clock: any WallClock
    package var logger: Logger

    package init(
        storageType: String, clusterName: String? = nil, apiAddress: String? = nil,
        entropy: any EntropySource = SystemEntropy(), clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "arca.core")
    ) {
        self.storageType = storageType
        self.clusterName = clusterName
        self.apiAddress = apiAddress
        self.entropy = entropy
        self.clock = clock
        self.logger = logger
    }
}

extension CoreConfiguration {
    /// A mount as its backend sees it, with the effective lease TTLs.
    package func mountInfo(_ entry: MountEntry) -> MountInfo {
        entry.info(systemDefaultTTL: defaultLeaseTTL, systemMaxTTL: maxLeaseTTL)
    }
}
