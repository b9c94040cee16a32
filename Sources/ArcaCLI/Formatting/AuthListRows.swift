import ArcaWire

/// The rows of `auth list` and `auth list -detailed`, laid out as the Vault CLI lays them out.
enum AuthListRows {
    static let header = ["Path", "Type", "Accessor", "Description", "Version"]
    static let detailedHeader = [
        "Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Token Type", "Replication", "Seal Wrap",
        "External Entropy Access", "Options", "Description", "UUID", "Version", "Running Version", "Running SHA256",
        "Deprecation Status",
    ]

    /// One row per method, sorted by path; empty cells print as `n/a` (`ColumnTable`).
    static func rows(_ methods: [String: JSONValue], detailed: Bool) -> [[String]] {
        methods.keys.sorted().map { path in
            let m = methods[path] ?? .null
            let text = { (key: String) in m[key]?.stringValue ?? "" }
            guard detailed else { return [path, text("type"), text("accessor"), text("description"), text("plugin_version")] }
            let config = m["config"] ?? .null
            return [
                path, text("type"), text("accessor"), ttl(config["default_lease_ttl"]), ttl(config["max_lease_ttl"]),
                config["token_type"]?.stringValue ?? "", m["local"]?.boolValue == true ? "local" : "replicated",
                String(m["seal_wrap"]?.boolValue ?? false), String(m["external_entropy_access"]?.boolValue ?? false),
                goMap(m["options"]), text("description"), text("uuid"), text("plugin_version"),
                text("running_plugin_version"), text("running_sha256"), text("deprecation_status"),
            ]
        }
    }

    /// A TTL column: `system` for 0 (the server's), else the seconds.
    static func ttl(_ value: JSONValue?) -> String {
        guard let seconds = value?.int64Value, seconds != 0 else { return "system" }
        return String(seconds)
    }

    /// Options as Go prints a map: `map[]`, `map[k:v version:2]` (keys sorted).
    static func goMap(_ value: JSONValue?) -> String {
        let o = value?.objectValue ?? [:]
        return "map[" + o.keys.sorted().map { "\($0):\(o[$0]?.stringValue ?? "")" }.joined(separator: " ") + "]"
    }
}
