import ArcaWire

/// A token as stored: everything but its id, which is kept only as a salted hash (the storage key).
package struct TokenEntry: Sendable, Equatable {
    /// HMAC(salt, id): the storage key, never the id itself.
    package var idHash: String = ""
    /// The parent's id hash; empty for orphans and root tokens made at init.
    package var parentHash: String = ""
    package var accessor: String
    package var policies: [String]
    package var path: String
    package var displayName: String
    package var meta: [String: String]
    /// Unix seconds.
    package var creationTime: Int64
    /// The TTL the token was created with, seconds; 0 means no expiry (root tokens).
    package var ttl: Int64
    /// When the token expires, Unix seconds; 0 means never. Renewal moves it.
    package var expireTime: Int64 = 0
    package var explicitMaxTTL: Int64 = 0
    package var period: Int64 = 0
    package var renewable: Bool = false
    /// Uses left; 0 means unlimited.
    package var numUses: Int
    package var type: String
    package var namespaceID: String
    /// The whole-life limit from an auth method's `token_max_ttl`, seconds from creation; 0: none
    /// beyond the mount's or system's maximum.
    package var maxTTL: Int64 = 0
    /// Addresses the token may be used from (`token_bound_cidrs`); empty: anywhere.
    package var boundCIDRs: [String] = []
    /// The identity entity of the login that made the token; empty for token-store tokens.
    package var entityID: String = ""

    package init(
        accessor: String, policies: [String], path: String, displayName: String, meta: [String: String] = [:],
        creationTime: Int64, ttl: Int64 = 0, numUses: Int = 0, type: String = "service", namespaceID: String = "root"
    ) {
        self.accessor = accessor
        self.policies = policies
        self.path = path
        self.displayName = displayName
        self.meta = meta
        self.creationTime = creationTime
        self.ttl = ttl
        self.expireTime = ttl > 0 ? TokenDurations.adding(creationTime, ttl) : 0
        self.numUses = numUses
        self.type = type
        self.namespaceID = namespaceID
    }

    /// Whether the token has expired at `now` (Unix seconds).
    package func isExpired(at now: Int64) -> Bool { expireTime > 0 && now >= expireTime }

    package var isRoot: Bool { policies.contains("root") }
    package var isOrphan: Bool { parentHash.isEmpty }

    package var json: JSONValue {
        [
            "id_hash": .string(idHash), "parent_hash": .string(parentHash),
            "accessor": .string(accessor), "policies": .strings(policies), "path": .string(path),
            "display_name": .string(displayName), "meta": .object(meta.mapValues(JSONValue.string)),
            "creation_time": .number(JSONNumber(creationTime)), "ttl": .number(JSONNumber(ttl)),
            "expire_time": .number(JSONNumber(expireTime)), "explicit_max_ttl": .number(JSONNumber(explicitMaxTTL)),
            "period": .number(JSONNumber(period)), "renewable": .bool(renewable),
            "num_uses": .int(numUses), "type": .string(type), "namespace_id": .string(namespaceID),
            "max_ttl": .number(JSONNumber(maxTTL)), "bound_cidrs": .strings(boundCIDRs), "entity_id": .string(entityID),
        ]
    }

    package init(json: JSONValue) throws {
        let r = try JSONObjectReader(json)
        guard let accessor = try r.string("accessor") else { throw WireDecodingError(message: "token entry without accessor") }
        self.accessor = accessor
        idHash = try r.string("id_hash") ?? ""
        parentHash = try r.string("parent_hash") ?? ""
        policies = try r.strings("policies") ?? []
        path = try r.string("path") ?? ""
        displayName = try r.string("display_name") ?? ""
        meta = (r.value("meta")?.objectValue ?? [:]).compactMapValues(\.stringValue)
        creationTime = r.value("creation_time")?.int64Value ?? 0
        // Durations were bounded when the entry was made; clamped again here, so an entry from an
        // older store cannot make expiry arithmetic overflow.
        let seconds = { (key: String) in min(max(r.value(key)?.int64Value ?? 0, 0), TokenDurations.maxSeconds) }
        ttl = seconds("ttl")
        expireTime = r.value("expire_time")?.int64Value ?? (ttl > 0 ? TokenDurations.adding(creationTime, ttl) : 0)
        explicitMaxTTL = seconds("explicit_max_ttl")
        period = seconds("period")
        renewable = try r.bool("renewable") ?? false
        numUses = try r.int("num_uses") ?? 0
        type = try r.string("type") ?? "service"
        namespaceID = try r.string("namespace_id") ?? "root"
        maxTTL = seconds("max_ttl")
        boundCIDRs = try r.strings("bound_cidrs") ?? []
        entityID = try r.string("entity_id") ?? ""
    }
}
