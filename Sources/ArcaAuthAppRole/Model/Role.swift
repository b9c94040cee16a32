import ArcaSDK
import ArcaWire

/// One AppRole role as stored at `role/<name>`.
struct Role: Sendable, Equatable {
    var name: String
    var roleID: String
    var bindSecretID = true
    var secretIDBoundCIDRs: [String] = []
    var secretIDNumUses = 0
    /// Seconds; 0: secret ids do not expire.
    var secretIDTTL = 0
    /// Kept and shown for compatibility; without replication every secret id is local.
    var localSecretIDs = false
    var token = TokenSettings()

    init(name: String, roleID: String) {
        self.name = name
        self.roleID = roleID
    }

    /// Vault refuses to store a role anyone holding its role id could log in with.
    var hasConstraint: Bool { bindSecretID || !secretIDBoundCIDRs.isEmpty || !token.boundCIDRs.isEmpty }

    /// A list field as Vault shows an unset slice: `null` when empty.
    static func nullable(_ list: [String]) -> JSONValue { list.isEmpty ? .null : .strings(list) }

    /// The role as `role/<name>` reads it.
    var readJSON: [String: JSONValue] {
        token.json.merging([
            "bind_secret_id": .bool(bindSecretID), "secret_id_bound_cidrs": Self.nullable(secretIDBoundCIDRs),
            "secret_id_num_uses": .int(secretIDNumUses), "secret_id_ttl": .int(secretIDTTL),
            "local_secret_ids": .bool(localSecretIDs),
        ]) { _, new in new }
    }

    init(json o: [String: JSONValue]) {
        name = o["name"]?.stringValue ?? ""
        roleID = o["role_id"]?.stringValue ?? ""
        bindSecretID = o["bind_secret_id"]?.boolValue ?? true
        secretIDBoundCIDRs = o["secret_id_bound_cidrs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        secretIDNumUses = o["secret_id_num_uses"]?.int64Value.map { Int($0) } ?? 0
        secretIDTTL = o["secret_id_ttl"]?.int64Value.map { Int($0) } ?? 0
        localSecretIDs = o["local_secret_ids"]?.boolValue ?? false
        token = TokenSettings(storageJSON: o["token"]?.objectValue ?? [:])
    }

    var json: JSONValue {
        .object([
            "name": .string(name), "role_id": .string(roleID), "bind_secret_id": .bool(bindSecretID),
            "secret_id_bound_cidrs": .strings(secretIDBoundCIDRs), "secret_id_num_uses": .int(secretIDNumUses),
            "secret_id_ttl": .int(secretIDTTL), "local_secret_ids": .bool(localSecretIDs), "token": .object(token.storageJSON),
        ])
    }
}
