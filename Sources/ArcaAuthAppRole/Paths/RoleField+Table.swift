import ArcaSDK
import ArcaWire

extension RoleField {
    typealias T = TokenSettings.Fields
    typealias R = RoleFields

    /// Every single-setting role path, as data: the segment, the fields, and how to read, set
    /// and reset the setting (Vault's `path_role.go` spells these out one by one).
    static let table: [RoleField] = [
        RoleField(
            segment: "local-secret-ids", fields: [], read: { ["local_secret_ids": .bool($0.localSecretIDs)] }, update: nil,
            reset: nil),
        RoleField(
            segment: "policies", fields: [T.policies.spec, T.legacyPolicies.spec],
            read: { role in
                var data: [String: JSONValue] = ["token_policies": .strings(role.token.policies)]
                if role.token.legacyNames.contains("policies"), !role.token.policies.isEmpty {
                    data["policies"] = .strings(role.token.policies)
                }
                return data
            },
            update: { role, f in
                let legacy = try f.ifPresent(T.legacyPolicies)
                guard let given = try f.ifPresent(T.policies) ?? legacy else {
                    throw LogicalError.invalidRequest("missing token_policies")
                }
                role.token.policies = TokenSettings.normalise(given)
                if legacy != nil { role.token.legacyNames.insert("policies") } else { role.token.legacyNames.remove("policies") }
            },
            reset: { role in
                role.token.policies = []
                role.token.legacyNames.remove("policies")
            }),
        RoleField(
            segment: "bound-cidr-list", fields: [R.boundCIDRList.spec],
            // The old name is only ever an alias now; it reads as unset.
            read: { _ in ["bound_cidr_list": .null] },
            update: { role, f in try setSecretIDCIDRs(&role, f.ifPresent(R.boundCIDRList)) }, reset: { _ in },
            readWarnings: [
                "The \"bound_cidr_list\" field is deprecated and will be removed. Please use \"secret_id_bound_cidrs\" instead."
            ]),
        RoleField(
            segment: "secret-id-bound-cidrs", fields: [R.secretIDBoundCIDRs.spec],
            read: { ["secret_id_bound_cidrs": Role.nullable($0.secretIDBoundCIDRs)] },
            update: { role, f in try setSecretIDCIDRs(&role, f.ifPresent(R.secretIDBoundCIDRs)) },
            reset: { $0.secretIDBoundCIDRs = [] }),
        RoleField(
            segment: "token-bound-cidrs", fields: [T.boundCIDRs.spec],
            read: { ["token_bound_cidrs": Role.nullable($0.token.boundCIDRs)] },
            update: { role, f in
                guard let given = try f.ifPresent(T.boundCIDRs) else { return }
                do {
                    role.token.boundCIDRs = try TokenSettings.addresses(given)
                } catch let LogicalError.invalidRequest(message) {
                    throw LogicalError.invalidRequest("failed to parse token_bound_cidrs: \(message)")
                }
            },
            reset: { $0.token.boundCIDRs = [] }),
        RoleField(
            segment: "bind-secret-id", fields: [R.bindSecretID.spec], read: { ["bind_secret_id": .bool($0.bindSecretID)] },
            update: { role, f in role.bindSecretID = try required(R.bindSecretID, f) }, reset: { $0.bindSecretID = true }),
        RoleField(
            segment: "secret-id-num-uses", fields: [R.secretIDNumUses.spec],
            read: { ["secret_id_num_uses": .int($0.secretIDNumUses)] },
            update: { role, f in
                let uses = try required(R.secretIDNumUses, f)
                if uses < 0 { throw LogicalError.invalidRequest("secret_id_num_uses cannot be negative") }
                role.secretIDNumUses = uses
            },
            reset: { $0.secretIDNumUses = 0 }),
        RoleField(
            segment: "secret-id-ttl", fields: [R.secretIDTTL.spec], read: { ["secret_id_ttl": .int($0.secretIDTTL)] },
            update: { role, f in
                guard let ttl = try R.seconds(R.secretIDTTL, f, prefixed: true) else {
                    throw LogicalError.invalidRequest("missing secret_id_ttl")
                }
                role.secretIDTTL = ttl
            },
            reset: { $0.secretIDTTL = 0 }),
        RoleField(
            segment: "period", fields: [T.period.spec, T.legacyPeriod.spec],
            read: { role in
                var data: [String: JSONValue] = ["token_period": .int(role.token.period)]
                if role.token.legacyNames.contains("period"), role.token.period > 0 { data["period"] = .int(role.token.period) }
                return data
            },
            update: { role, f in
                let legacy = try R.seconds(T.legacyPeriod, f, prefixed: true)
                guard let period = try R.seconds(T.period, f, prefixed: true) ?? legacy else {
                    throw LogicalError.invalidRequest("missing period")
                }
                role.token.period = period
                if legacy != nil { role.token.legacyNames.insert("period") } else { role.token.legacyNames.remove("period") }
            },
            reset: { role in
                role.token.period = 0
                role.token.legacyNames.remove("period")
            }),
        RoleField(
            segment: "token-num-uses", fields: [T.numUses.spec], read: { ["token_num_uses": .int($0.token.numUses)] },
            update: { role, f in
                let uses = try required(T.numUses, f)
                if uses < 0 { throw LogicalError.invalidRequest("'token_num_uses' cannot be negative") }
                role.token.numUses = uses
            },
            reset: { $0.token.numUses = 0 }),
        RoleField(
            segment: "token-ttl", fields: [T.ttl.spec], read: { ["token_ttl": .int($0.token.ttl)] },
            update: { role, f in
                guard let ttl = try R.seconds(T.ttl, f, prefixed: true) else { throw LogicalError.invalidRequest("missing token_ttl") }
                if role.token.maxTTL > 0 && ttl > role.token.maxTTL {
                    throw LogicalError.invalidRequest("token_ttl should not be greater than token_max_ttl")
                }
                role.token.ttl = ttl
                role.token.legacyNames.remove("ttl")
            },
            reset: { $0.token.ttl = 0 }),
        RoleField(
            segment: "token-max-ttl", fields: [T.maxTTL.spec], read: { ["token_max_ttl": .int($0.token.maxTTL)] },
            update: { role, f in
                guard let max = try R.seconds(T.maxTTL, f, prefixed: true) else {
                    throw LogicalError.invalidRequest("missing token_max_ttl")
                }
                if max > 0 && role.token.ttl > max {
                    throw LogicalError.invalidRequest("token_max_ttl should be greater than or equal to token_ttl")
                }
                role.token.maxTTL = max
            },
            reset: { $0.token.maxTTL = 0 }),
    ]

    /// `secret-id-bound-cidrs` and `bound-cidr-list` updates: absent changes nothing, empty is
    /// refused, every entry must be a network.
    static func setSecretIDCIDRs(_ role: inout Role, _ given: [String]?) throws {
        guard let given else { return }
        if given.isEmpty { throw LogicalError.invalidRequest("missing bound_cidr_list") }
        if let bad = CIDRRules.firstInvalidNetwork(given) {
            throw LogicalError.invalidRequest("failed to validate CIDR blocks: invalid CIDR address: \(bad)")
        }
        role.secretIDBoundCIDRs = given
    }
}
