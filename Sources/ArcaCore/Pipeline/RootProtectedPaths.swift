/// Paths that need `sudo` in addition to the operation's capability (or a root token), as Vault's
/// system backend and token store declare them.
enum RootProtectedPaths {
    static let patterns = [
        "sys/auth/*", "sys/remount", "sys/audit", "sys/audit/*", "sys/raw", "sys/raw/*", "sys/rotate",
        "sys/config/*", "sys/leases/revoke-prefix/*", "sys/leases/revoke-force/*", "sys/revoke-prefix/*",
        "sys/revoke-force/*", "sys/leases/lookup/*",
        "auth/token/revoke-orphan", "auth/token/accessors", "auth/token/accessors/*", "auth/token/tidy",
    ]

    private static let prefixes = patterns.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
    private static let exact = Set(patterns.filter { !$0.hasSuffix("*") })

    static func contains(_ path: String) -> Bool {
        // Every pattern is under sys/ or auth/token/: most request paths leave at this test.
        guard path.hasPrefix("sys/") || path.hasPrefix("auth/token/") else { return false }
        return exact.contains(path) || prefixes.contains { path.hasPrefix($0) }
    }
}
