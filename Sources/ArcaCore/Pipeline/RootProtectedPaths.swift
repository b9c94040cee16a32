/// Paths that need `sudo` in addition to the operation's capability (or a root token), as Vault's
/// system backend and token store declare them.
enum RootProtectedPaths {
    static let patterns = [
        "sys/auth/*", "sys/remount", "sys/audit", "sys/audit/*", "sys/raw", "sys/raw/*", "sys/rotate",
        "sys/config/*", "sys/leases/revoke-prefix/*", "sys/leases/revoke-force/*", "sys/revoke-prefix/*",
        "sys/revoke-force/*", "sys/leases/lookup/*",
        "auth/token/revoke-orphan", "auth/token/accessors", "auth/token/accessors/*", "auth/token/tidy",
    ]

    static func contains(_ path: String) -> Bool {
        patterns.contains { p in
            p.hasSuffix("*") ? path.hasPrefix(String(p.dropLast())) : path == p
        }
    }
}
