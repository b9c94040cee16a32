public import ArcaWire

/// The `token_*` fields every auth method shares (roles, users), typed once: declare them with
/// `TokenSettings.fields`, read them with `TokenSettings.update(from:)`, show them with `json`.
public struct TokenSettings: Sendable, Equatable {
    public var ttl = 0
    public var maxTTL = 0
    public var explicitMaxTTL = 0
    public var period = 0
    public var numUses = 0
    public var policies: [String] = []
    public var boundCIDRs: [String] = []
    public var noDefaultPolicy = false
    /// `default`, `service`, `batch`, `default-service` or `default-batch`.
    public var type = "default"

    public init() {}

    public enum Fields {
        public static let ttl = Field<Int>("token_ttl", .durationSeconds, description: "Initial TTL of issued tokens.")
        public static let maxTTL = Field<Int>("token_max_ttl", .durationSeconds, description: "Maximum lifetime of issued tokens.")
        public static let explicitMaxTTL = Field<Int>(
            "token_explicit_max_ttl", .durationSeconds, description: "Hard cap on issued tokens' lifetime, even when renewed.")
        public static let period = Field<Int>("token_period", .durationSeconds, description: "Make issued tokens periodic.")
        public static let numUses = Field<Int>("token_num_uses", description: "Uses of issued tokens (0: unlimited).")
        public static let policies = Field<[String]>("token_policies", description: "Policies of issued tokens.")
        public static let boundCIDRs = Field<[String]>("token_bound_cidrs", description: "CIDRs issued tokens may be used from.")
        public static let noDefaultPolicy = Field<Bool>(
            "token_no_default_policy", description: "Leave the default policy out of issued tokens.")
        public static let type = Field<String>("token_type", description: "service, batch, or default.")
        /// The pre-`token_*` names Vault still accepts.
        public static let legacyPolicies = Field<[String]>("policies", description: "Deprecated: use token_policies.")
        public static let legacyTTL = Field<Int>("ttl", .durationSeconds, description: "Deprecated: use token_ttl.")
        public static let legacyMaxTTL = Field<Int>("max_ttl", .durationSeconds, description: "Deprecated: use token_max_ttl.")
        public static let legacyPeriod = Field<Int>("period", .durationSeconds, description: "Deprecated: use token_period.")
        public static let legacyBoundCIDRs = Field<[String]>("bound_cidrs", description: "Deprecated: use token_bound_cidrs.")
    }

    /// Every field, for a path's field list.
    public static let fields: [FieldSpec] = [
        Fields.ttl.spec, Fields.maxTTL.spec, Fields.explicitMaxTTL.spec, Fields.period.spec, Fields.numUses.spec,
        Fields.policies.spec, Fields.boundCIDRs.spec, Fields.noDefaultPolicy.spec, Fields.type.spec,
    ]

    /// The fields with the legacy names too (for methods that had them: userpass, approle, …).
    public static let fieldsWithLegacy: [FieldSpec] = fields + [
        Fields.legacyPolicies.spec, Fields.legacyTTL.spec, Fields.legacyMaxTTL.spec, Fields.legacyPeriod.spec,
        Fields.legacyBoundCIDRs.spec,
    ]

    static let types: Set = ["default", "service", "batch", "default-service", "default-batch"]

    /// Applies the fields present in `f` (a create or an update), validating them as Vault does.
    public mutating func update(from f: FieldData) throws {
        if let v = try f.ifPresent(Fields.ttl) ?? f.ifPresent(Fields.legacyTTL) { ttl = v }
        if let v = try f.ifPresent(Fields.maxTTL) ?? f.ifPresent(Fields.legacyMaxTTL) { maxTTL = v }
        if let v = try f.ifPresent(Fields.explicitMaxTTL) { explicitMaxTTL = v }
        if let v = try f.ifPresent(Fields.period) ?? f.ifPresent(Fields.legacyPeriod) { period = v }
        if let v = try f.ifPresent(Fields.numUses) { numUses = v }
        if let v = try f.ifPresent(Fields.policies) ?? f.ifPresent(Fields.legacyPolicies) { policies = Self.normalise(v) }
        if let v = try f.ifPresent(Fields.boundCIDRs) ?? f.ifPresent(Fields.legacyBoundCIDRs) {
            for cidr in v where CIDR(cidr) == nil { throw LogicalError.invalidRequest("invalid CIDR \"\(cidr)\"") }
            boundCIDRs = v
        }
        if let v = try f.ifPresent(Fields.noDefaultPolicy) { noDefaultPolicy = v }
        if let v = try f.ifPresent(Fields.type) {
            let t = v.isEmpty ? "default" : v.lowercased()
            guard Self.types.contains(t) else { throw LogicalError.invalidRequest("invalid 'token_type' value \"\(v)\"") }
            type = t
        }
        if numUses < 0 { throw LogicalError.invalidRequest("'token_num_uses' cannot be negative") }
        if ttl < 0 || maxTTL < 0 || explicitMaxTTL < 0 || period < 0 {
            throw LogicalError.invalidRequest("TTLs cannot be negative")
        }
        if maxTTL > 0 && ttl > maxTTL {
            throw LogicalError.invalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'")
        }
        if type.hasSuffix("batch") && (period > 0 || numUses > 0 || explicitMaxTTL > 0) {
            throw LogicalError.invalidRequest("batch tokens cannot have period, num_uses or explicit_max_ttl set")
        }
    }

    /// Lower-cased, trimmed, de-duplicated, sorted, without empties.
    public static func normalise(_ policies: [String]) -> [String] {
        Array(Set(policies.map { $0.trimmingSpaces().lowercased() }.filter { !$0.isEmpty })).sorted()
    }

    /// How a role or user read shows the settings (Vault's field names and units: seconds).
    public var json: [String: JSONValue] {
        [
            "token_ttl": .int(ttl), "token_max_ttl": .int(maxTTL), "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_period": .int(period), "token_num_uses": .int(numUses), "token_policies": .strings(policies),
            "token_bound_cidrs": .strings(boundCIDRs), "token_no_default_policy": .bool(noDefaultPolicy),
            "token_type": .string(type), "policies": .strings(policies), "ttl": .int(ttl), "max_ttl": .int(maxTTL),
            "period": .int(period), "bound_cidrs": .strings(boundCIDRs),
        ]
    }

    /// Reads settings stored with `storageJSON`.
    public init(storageJSON o: [String: JSONValue]) {
        func int(_ k: String) -> Int { o[k]?.int64Value.map { Int($0) } ?? 0 }
        ttl = int("token_ttl")
        maxTTL = int("token_max_ttl")
        explicitMaxTTL = int("token_explicit_max_ttl")
        period = int("token_period")
        numUses = int("token_num_uses")
        policies = o["token_policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        boundCIDRs = o["token_bound_cidrs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        noDefaultPolicy = o["token_no_default_policy"]?.boolValue ?? false
        type = o["token_type"]?.stringValue ?? "default"
    }

    /// What to persist (only the `token_*` names).
    public var storageJSON: [String: JSONValue] {
        json.filter { $0.key.hasPrefix("token_") }
    }
}
