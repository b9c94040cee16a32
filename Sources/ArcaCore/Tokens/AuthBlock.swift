import ArcaWire

/// The `auth` block of a response that issues or renews a token, as Vault shows it.
enum AuthBlock {
    static func make(_ entry: TokenEntry, id: String, leaseDuration: Int64, includeIdentityPolicies: Bool = true)
        -> [String: JSONValue]
    {
        var block: [String: JSONValue] = [
            "client_token": .string(id), "accessor": .string(entry.accessor), "policies": .strings(entry.policies),
            "token_policies": .strings(entry.policies),
            "metadata": entry.meta.isEmpty ? .null : .object(entry.meta.mapValues(JSONValue.string)),
            "lease_duration": .number(JSONNumber(leaseDuration)), "renewable": .bool(entry.renewable),
            "entity_id": .string(entry.entityID), "token_type": .string(entry.type), "orphan": .bool(entry.isOrphan),
            "num_uses": .int(entry.numUses), "mfa_requirement": .null,
        ]
        if includeIdentityPolicies { block["identity_policies"] = .null }
        return block
    }
}
