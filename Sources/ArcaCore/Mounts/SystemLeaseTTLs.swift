/// The server-wide lease TTLs (`default_lease_ttl`, `max_lease_ttl` in the server config), in
/// seconds: what a mount's or auth method's zero TTL stands for.
package struct SystemLeaseTTLs: Sendable, Equatable {
    package var defaultTTL: Int
    package var maxTTL: Int

    package init(defaultTTL: Int, maxTTL: Int) {
        self.defaultTTL = defaultTTL
        self.maxTTL = maxTTL
    }

    /// Vault's defaults: 768 hours each.
    package static let standard = SystemLeaseTTLs(defaultTTL: 768 * 3600, maxTTL: 768 * 3600)

    /// The effective default and maximum for an entry's own values (0 = the system's).
    func effective(_ entry: MountEntry) -> (defaultTTL: Int, maxTTL: Int) {
        (entry.defaultLeaseTTL != 0 ? entry.defaultLeaseTTL : defaultTTL, entry.maxLeaseTTL != 0 ? entry.maxLeaseTTL : maxTTL)
    }
}

extension CoreConfiguration {
    /// The configured system TTLs.
    package var systemTTLs: SystemLeaseTTLs { SystemLeaseTTLs(defaultTTL: Int(defaultLeaseTTL), maxTTL: Int(maxLeaseTTL)) }
}
