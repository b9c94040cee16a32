public import ArcaWire

/// The `token_*` fields every auth method shares (roles, users), typed once: declare them with
/// `TokenSettings.fields`, read them with `TokenSettings.update(from:)`, show them with `json`.
public struct TokenSettings: Sendable, Equatable {
    public var ttl = 0
    public var maxTTL = 0
    public var explicitMaxTTL = 0
    public var period = 0
    public var numUses = 0
    /// As given with `token_policies` (Vault keeps them as written; the core normalises them when
    /// it issues a token); normalised when given with the legacy `policies`.
    public var policies: [String] = []
    /// Addresses and networks; a single address is kept without its `/32` or `/128`, as Vault shows it.
    public var boundCIDRs: [String] = []
    public var noDefaultPolicy = false
    /// `default`, `service` or `batch`.
    public var type = "default"
    /// OpenBao's `token_strictly_bind_ip`: bind each issued token to the address that logged in.
    public var strictlyBindIP = false
    /// The deprecated names (`policies`, `ttl`, `max_ttl`, `period`, `bound_cidrs`) the settings
    /// were last written with; reads show those names too, as Vault does.
    public var legacyNames: Set<String> = []

    public init() {}

    /// Every field, for a path's field list.
    public static let fields: [FieldSpec] = [
        Fields.ttl.spec, Fields.maxTTL.spec, Fields.explicitMaxTTL.spec, Fields.period.spec, Fields.numUses.spec,
        Fields.policies.spec, Fields.boundCIDRs.spec, Fields.noDefaultPolicy.spec, Fields.type.spec,
        Fields.strictlyBindIP.spec,
    ]

    /// The fields with the legacy names too (for methods that had them: userpass, approle, …).
    /// `update(from:)` honours a legacy name only when the path declares it, so a method that never
    /// had one (userpass has no `period`) can leave it out of its list.
    public static let fieldsWithLegacy: [FieldSpec] = fields + [
        Fields.legacyPolicies.spec, Fields.legacyTTL.spec, Fields.legacyMaxTTL.spec, Fields.legacyPeriod.spec,
        Fields.legacyBoundCIDRs.spec,
    ]

    static let types: Set = ["", "default", "service", "batch"]

    /// Applies the fields present in `f` (a create or an update), validating them as Vault does.
    public mutating func update(from f: FieldData) throws {
        let declared = Set(f.specs.keys)
        func legacy<T: FieldValue>(_ field: Field<T>) throws -> T? {
            declared.contains(field.name) ? try f.ifPresent(field) : nil
        }
        func seconds(_ field: Field<Int>, or old: Field<Int>? = nil) throws -> Int? {
            var name = field.name
            var value = try f.ifPresent(field)
            if value == nil, let old, let v = try legacy(old) { (value, name) = (v, old.name) }
            guard let value else { return nil }
            if value < 0 {
                throw LogicalError.invalidRequest("error converting input for field \"\(name)\": cannot provide negative value '\(value)'")
            }
            return value
        }

        if let v = try f.ifPresent(Fields.boundCIDRs) ?? legacy(Fields.legacyBoundCIDRs) { boundCIDRs = try Self.addresses(v) }
        if let v = try seconds(Fields.explicitMaxTTL) { explicitMaxTTL = v }
        if let v = try seconds(Fields.maxTTL, or: Fields.legacyMaxTTL) { maxTTL = v }
        if let v = try f.ifPresent(Fields.noDefaultPolicy) { noDefaultPolicy = v }
        if let v = try seconds(Fields.period, or: Fields.legacyPeriod) { period = v }
        if let v = try f.ifPresent(Fields.policies) {
            policies = v
        } else if let v = try legacy(Fields.legacyPolicies) {
            policies = Self.normalise(v)
        }
        if let v = try f.ifPresent(Fields.type) {
            guard Self.types.contains(v) else { throw LogicalError.invalidRequest("invalid 'token_type' value \"\(v)\"") }
            type = v.isEmpty ? "default" : v
        }
        if let v = try f.ifPresent(Fields.numUses) { numUses = v }
        if numUses < 0 { throw LogicalError.invalidRequest("'token_num_uses' cannot be negative") }
        if type == "batch" && period != 0 {
            throw LogicalError.invalidRequest(
                "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens")
        }
        if type == "batch" && numUses != 0 {
            throw LogicalError.invalidRequest(
                "'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count")
        }
        if let v = try seconds(Fields.ttl, or: Fields.legacyTTL) { ttl = v }
        if ttl > 0 && maxTTL > 0 && ttl > maxTTL {
            throw LogicalError.invalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'")
        }
        if let v = try f.ifPresent(Fields.strictlyBindIP) { strictlyBindIP = v }
        if strictlyBindIP && !boundCIDRs.isEmpty {
            throw LogicalError.invalidRequest("'token_strictly_bind_ip' conflicts with 'token_bound_cidrs'; set only one")
        }
        for (old, new) in Self.legacyPairs where declared.contains(old) {
            // Vault's upgrade rule: writing the new name alone retires the old one.
            if f.raw[new] != nil && f.raw[new] != .null {
                if f.raw[old] == nil || f.raw[old] == .null { legacyNames.remove(old) } else { legacyNames.insert(old) }
            } else if f.raw[old] != nil && f.raw[old] != .null {
                legacyNames.insert(old)
            }
        }
    }

    static let legacyPairs = [
        ("policies", "token_policies"), ("ttl", "token_ttl"), ("max_ttl", "token_max_ttl"), ("period", "token_period"),
        ("bound_cidrs", "token_bound_cidrs"),
    ]

    /// Checks addresses and networks as Vault does, keeping single addresses without their length.
    public static func addresses(_ given: [String]) throws -> [String] {
        try given.map { text in
            guard let cidr = CIDR(text) else {
                throw LogicalError.invalidRequest(
                    "error parsing address \"\(text)\": Unable to convert \"\(text)\" to an IPv4 or IPv6 address, or a UNIX Socket")
            }
            return cidr.prefixLength == cidr.address.count * 8 ? String(text.split(separator: "/")[0]) : text
        }
    }

    /// Lower-cased, trimmed, de-duplicated, sorted, without empties.
    public static func normalise(_ policies: [String]) -> [String] {
        Array(Set(policies.map { $0.trimmingSpaces().lowercased() }.filter { !$0.isEmpty })).sorted()
    }

    /// The settings a login's token gets: with `token_strictly_bind_ip`, bound to the caller's address.
    /// - Throws: `permissionDenied` when the binding is asked for and the address is unknown.
    public func forLogin(from remoteAddress: String?) throws -> TokenSettings {
        guard strictlyBindIP else { return self }
        guard let remoteAddress, CIDR(remoteAddress) != nil else { throw LogicalError.permissionDenied }
        var bound = self
        bound.boundCIDRs = [remoteAddress]
        return bound
    }

    /// How a role or user read shows the settings (Vault's field names and units: seconds), with
    /// the legacy names the settings were written with.
    public var json: [String: JSONValue] {
        var out: [String: JSONValue] = [
            "token_ttl": .int(ttl), "token_max_ttl": .int(maxTTL), "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_period": .int(period), "token_num_uses": .int(numUses), "token_policies": .strings(policies),
            "token_bound_cidrs": .strings(boundCIDRs), "token_no_default_policy": .bool(noDefaultPolicy),
            "token_type": .string(type), "token_strictly_bind_ip": .bool(strictlyBindIP),
        ]
        let legacy: [String: JSONValue?] = [
            "policies": policies.isEmpty ? nil : .strings(policies), "ttl": ttl > 0 ? .int(ttl) : nil,
            "max_ttl": maxTTL > 0 ? .int(maxTTL) : nil, "period": period > 0 ? .int(period) : nil,
            "bound_cidrs": boundCIDRs.isEmpty ? nil : .strings(boundCIDRs),
        ]
        for name in legacyNames { if let value = legacy[name] ?? nil { out[name] = value } }
        return out
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
        strictlyBindIP = o["token_strictly_bind_ip"]?.boolValue ?? false
        legacyNames = Set(o["token_legacy_names"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// What to persist (only `token_*` names).
    public var storageJSON: [String: JSONValue] {
        var out = json.filter { $0.key.hasPrefix("token_") }
        out["token_legacy_names"] = .strings(legacyNames.sorted())
        return out
    }
}
