import ArcaWire

/// A token as stored: everything but its id, which is kept only as a salted hash (the storage key).
package struct TokenEntry: Sendable, Equatable {
    package var accessor: String
    package var policies: [String]
    package var path: String
    package var displayName: String
    package var meta: [String: String]
    /// Unix seconds.
    package var creationTime: Int64
    /// Seconds; 0 means no expiry (root tokens).
    package var ttl: Int64
    package var numUses: Int
    package var type: String
    package var namespaceID: String

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
        self.numUses = numUses
        self.type = type
        self.namespaceID = namespaceID
    }

    /// Whether the token has expired at `now` (Unix seconds).
    package func isExpired(at now: Int64) -> Bool { ttl > 0 && now >= creationTime + ttl }

    package var isRoot: Bool { policies.contains("root") }

    package var json: JSONValue {
        [
            "accessor": .string(accessor), "policies": .strings(policies), "path": .string(path),
            "display_name": .string(displayName), "meta": .object(meta.mapValues(JSONValue.string)),
            "creation_time": .number(JSONNumber(creationTime)), "ttl": .number(JSONNumber(ttl)),
            "num_uses": .int(numUses), "type": .string(type), "namespace_id": .string(namespaceID),
        ]
    }

    package init(json: JSONValue) throws {
        let r = try JSONObjectReader(json)
        guard let accessor = try r.string("accessor") else { throw WireDecodingError(message: "token entry without accessor") }
        self.accessor = accessor
        policies = try r.strings("policies") ?? []
        path = try r.string("path") ?? ""
        displayName = try r.string("display_name") ?? ""
        meta = (r.value("meta")?.objectValue ?? [:]).compactMapValues(\.stringValue)
        creationTime = r.value("creation_time")?.int64Value ?? 0
        ttl = r.value("ttl")?.int64Value ?? 0
        numUses = try r.int("num_uses") ?? 0
        type = try r.string("type") ?? "service"
        namespaceID = try r.string("namespace_id") ?? "root"
    }
}
