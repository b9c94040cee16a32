import ArcaSDK
import ArcaWire

/// A token role (`auth/token/roles/<name>`): what tokens created through `create/<name>` may be.
struct TokenRole: Sendable, Equatable {
    var name: String
    var allowedPolicies: [String] = []
    var disallowedPolicies: [String] = []
    var allowedPoliciesGlob: [String] = []
    var disallowedPoliciesGlob: [String] = []
    var orphan = false
    var renewable = true
    var pathSuffix = ""
    var period = 0
    var explicitMaxTTL = 0
    var noDefaultPolicy = false
    /// Uses of each token made through the role (0: unlimited); caps what the request asks.
    var numUses = 0

    static let prefix = "sys/token/role/"

    /// Whether the role decides its tokens' policies itself (any allowed or disallowed list);
    /// otherwise a token's policies must be a subset of its creator's.
    var hasPolicyLists: Bool {
        !allowedPolicies.isEmpty || !disallowedPolicies.isEmpty || !allowedPoliciesGlob.isEmpty
            || !disallowedPoliciesGlob.isEmpty
    }

    var json: JSONValue {
        [
            "name": .string(name), "allowed_policies": .strings(allowedPolicies),
            "disallowed_policies": .strings(disallowedPolicies), "allowed_policies_glob": .strings(allowedPoliciesGlob),
            "disallowed_policies_glob": .strings(disallowedPoliciesGlob), "orphan": .bool(orphan), "renewable": .bool(renewable),
            "path_suffix": .string(pathSuffix), "token_period": .int(period), "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_no_default_policy": .bool(noDefaultPolicy), "token_num_uses": .int(numUses),
        ]
    }

    /// What reading the role shows, with the names OpenBao uses.
    var wireJSON: JSONValue {
        var o = json.objectValue ?? [:]
        o["allowed_entity_aliases"] = .null
        o["period"] = 0
        o["explicit_max_ttl"] = 0
        o["token_type"] = "default-service"
        // Shown only when set, as in OpenBao.
        if numUses == 0 { o["token_num_uses"] = nil }
        return .object(o)
    }

    init(name: String) { self.name = name }

    init(json: JSONValue) {
        let strings = { (key: String) in json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        name = json["name"]?.stringValue ?? ""
        allowedPolicies = strings("allowed_policies")
        disallowedPolicies = strings("disallowed_policies")
        allowedPoliciesGlob = strings("allowed_policies_glob")
        disallowedPoliciesGlob = strings("disallowed_policies_glob")
        orphan = json["orphan"]?.boolValue ?? false
        renewable = json["renewable"]?.boolValue ?? true
        pathSuffix = json["path_suffix"]?.stringValue ?? ""
        // Stored values were bounded when written; clamp anyway, so an old entry cannot trap.
        let seconds = { (key: String) in Int(min(max(json[key]?.int64Value ?? 0, 0), TokenDurations.maxSeconds)) }
        period = seconds("token_period")
        explicitMaxTTL = seconds("token_explicit_max_ttl")
        noDefaultPolicy = json["token_no_default_policy"]?.boolValue ?? false
        numUses = Int(max(json["token_num_uses"]?.int64Value ?? 0, 0))
    }
}
