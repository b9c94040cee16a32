import ArcaSDK
import ArcaWire

/// A token role (`auth/token/roles/<name>`): what tokens created through `create/<name>` may be.
struct TokenRole: Sendable, Equatable {
    var name: String
    var allowedPolicies: [String] = []
    var disallowedPolicies: [String] = []
    var orphan = false
    var renewable = true
    var pathSuffix = ""
    var period = 0
    var explicitMaxTTL = 0
    var noDefaultPolicy = false

    static let prefix = "sys/token/role/"

    var json: JSONValue {
        [
            "name": .string(name), "allowed_policies": .strings(allowedPolicies),
            "disallowed_policies": .strings(disallowedPolicies), "orphan": .bool(orphan), "renewable": .bool(renewable),
            "path_suffix": .string(pathSuffix), "token_period": .int(period), "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_no_default_policy": .bool(noDefaultPolicy),
        ]
    }

    /// What reading the role shows, with the names OpenBao uses.
    var wireJSON: JSONValue {
        var o = json.objectValue ?? [:]
        o["allowed_policies_glob"] = .strings([])
        o["disallowed_policies_glob"] = .strings([])
        o["allowed_entity_aliases"] = .null
        o["period"] = 0
        o["explicit_max_ttl"] = 0
        o["token_type"] = "default-service"
        return .object(o)
    }

    init(name: String) { self.name = name }

    init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        allowedPolicies = json["allowed_policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        disallowedPolicies = json["disallowed_policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        orphan = json["orphan"]?.boolValue ?? false
        renewable = json["renewable"]?.boolValue ?? true
        pathSuffix = json["path_suffix"]?.stringValue ?? ""
        period = Int(json["token_period"]?.int64Value ?? 0)
        explicitMaxTTL = Int(json["token_explicit_max_ttl"]?.int64Value ?? 0)
        noDefaultPolicy = json["token_no_default_policy"]?.boolValue ?? false
    }

    /// The policies a token made through this role gets, or an error naming the offender.
    func policies(requested: [String]?) throws -> [String] {
        var wanted = Set((requested ?? allowedPolicies).map { $0.lowercased() })
        if !noDefaultPolicy { wanted.insert("default") }
        let allowed = Set(allowedPolicies + ["default"])
        if !allowedPolicies.isEmpty, !wanted.isSubset(of: allowed) {
            let quoted = { (s: [String]) in s.sorted().map { "\"\($0)\"" }.joined(separator: " ") }
            throw LogicalError.invalidRequest(
                "token policies ([\(quoted(Array(wanted)))]) must be subset of the role's allowed policies ([\(quoted(Array(allowed)))])")
        }
        if let banned = wanted.first(where: { disallowedPolicies.contains($0) }) {
            throw LogicalError.invalidRequest("token policy \"\(banned)\" is disallowed by this role")
        }
        return wanted.sorted()
    }
}
