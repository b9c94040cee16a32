/// The attributes of one `seal "TYPE" { ... }` stanza, read with Vault's environment fallbacks.
/// Every key must be one the seal knows, so a typo is an error at start rather than a silent default.
struct SealSettings {
    let type: String
    let values: [String: String]
    let environment: [String: String]

    init(type: String, values: [String: String], environment: [String: String], known: Set<String>) throws {
        let unknown = values.keys.filter { !known.contains($0) && $0 != "disabled" }.sorted()
        if let first = unknown.first {
            throw AutoSealError("unknown key '\(first)' in seal \"\(type)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
        self.type = type
        self.values = values
        self.environment = environment
    }

    /// The stanza's value, else the first set environment variable, else nil. Empty means unset.
    func value(_ key: String, env: [String] = []) -> String? {
        if let v = values[key], !v.isEmpty { return v }
        for name in env { if let v = environment[name], !v.isEmpty { return v } }
        return nil
    }

    func required(_ key: String, env: [String] = []) throws -> String {
        guard let v = value(key, env: env) else {
            let fallback = env.isEmpty ? "" : " (or \(env.joined(separator: " / ")))"
            throw AutoSealError("seal \"\(type)\" needs '\(key)'\(fallback)")
        }
        return v
    }

    func bool(_ key: String, env: [String] = []) throws -> Bool {
        guard let v = value(key, env: env) else { return false }
        switch v.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw AutoSealError("seal \"\(type)\": '\(key)' must be true or false")
        }
    }
}
