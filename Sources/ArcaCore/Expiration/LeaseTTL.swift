/// Vault's TTL arithmetic for leases: requested ≤ backend max ≤ mount max ≤ system max, and a
/// zero request takes the mount's (or system's) default.
struct LeaseTTL: Sendable, Equatable {
    /// The TTL granted now, seconds.
    var ttl: Int
    /// The whole-life limit, seconds from issue.
    var maxTTL: Int
    var warnings: [String] = []

    static func compute(requested: Int, backendMax: Int, mountDefault: Int, mountMax: Int, systemDefault: Int,
                        systemMax: Int) -> LeaseTTL {
        var maxTTL = mountMax > 0 ? min(mountMax, systemMax) : systemMax
        if backendMax > 0 && backendMax < maxTTL { maxTTL = backendMax }
        var ttl = requested
        if ttl <= 0 { ttl = mountDefault > 0 ? mountDefault : systemDefault }
        var warnings: [String] = []
        if ttl > maxTTL {
            if requested > 0 {
                warnings.append(
                    "TTL of \"\(DurationText.format(requested))\" exceeded the effective max_ttl of "
                        + "\"\(DurationText.format(maxTTL))\"; TTL value is capped accordingly")
            }
            ttl = maxTTL
        }
        return LeaseTTL(ttl: ttl, maxTTL: maxTTL, warnings: warnings)
    }
}

/// Go's `time.Duration` text for whole seconds (`1h0m0s`, `90s` → `1m30s`), as Vault's messages print it.
enum DurationText {
    static func format(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
        if h > 0 { return "\(h)h\(m)m\(s)s" }
        if m > 0 { return "\(m)m\(s)s" }
        return "\(s)s"
    }
}
