import ArcaSDK
import ArcaWire
import FoundationEssentials

/// One secret id as stored at `secret_id/<role>/<HMAC of the secret id>`; the secret id itself
/// is never stored.
struct SecretIDEntry: Sendable, Equatable {
    var accessor: String
    /// Logins left; 0: unlimited.
    var numUses: Int
    /// Seconds it was issued for; 0: no expiry.
    var ttl: Int
    var creationTime: Date
    var expirationTime: Date?
    var lastUpdatedTime: Date
    var metadata: [String: String]
    var cidrList: [String]
    var tokenBoundCIDRs: [String]

    func isExpired(at now: Date) -> Bool { expirationTime.map { now >= $0 } ?? false }

    /// How lookups show it (Go's zero time for "never expires").
    var responseData: [String: JSONValue] {
        [
            "secret_id_accessor": .string(accessor), "secret_id_num_uses": .int(numUses), "secret_id_ttl": .int(ttl),
            "creation_time": .string(creationTime.rfc3339Nano),
            "expiration_time": .string(expirationTime?.rfc3339Nano ?? "0001-01-01T00:00:00Z"),
            "last_updated_time": .string(lastUpdatedTime.rfc3339Nano), "metadata": .object(metadata.mapValues(JSONValue.string)),
            "cidr_list": .strings(cidrList), "token_bound_cidrs": .strings(tokenBoundCIDRs),
        ]
    }

    init(
        accessor: String, numUses: Int, ttl: Int, creationTime: Date, metadata: [String: String], cidrList: [String],
        tokenBoundCIDRs: [String]
    ) {
        self.accessor = accessor
        self.numUses = numUses
        self.ttl = ttl
        self.creationTime = creationTime
        self.expirationTime = ttl > 0 ? creationTime.addingTimeInterval(Double(ttl)) : nil
        self.lastUpdatedTime = creationTime
        self.metadata = metadata
        self.cidrList = cidrList
        self.tokenBoundCIDRs = tokenBoundCIDRs
    }

    init(json o: [String: JSONValue]) {
        func date(_ key: String) -> Date? {
            o[key]?.int64Value.map { Date(timeIntervalSince1970: Double($0) / 1e9) }
        }
        accessor = o["accessor"]?.stringValue ?? ""
        numUses = o["num_uses"]?.int64Value.map { Int($0) } ?? 0
        ttl = o["ttl"]?.int64Value.map { Int($0) } ?? 0
        creationTime = date("creation_time") ?? Date(timeIntervalSince1970: 0)
        expirationTime = date("expiration_time")
        lastUpdatedTime = date("last_updated_time") ?? creationTime
        metadata = (o["metadata"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        cidrList = o["cidr_list"]?.arrayValue?.compactMap(\.stringValue) ?? []
        tokenBoundCIDRs = o["token_bound_cidrs"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    var json: JSONValue {
        // Saturating: an expiry ~292 years out (the longest TTL) is past Int64 nanoseconds (2262).
        func nanos(_ d: Date) -> JSONValue { .number(JSONNumber(Int64(saturating: (d.timeIntervalSince1970 * 1e9).rounded()))) }
        var o: [String: JSONValue] = [
            "accessor": .string(accessor), "num_uses": .int(numUses), "ttl": .int(ttl), "creation_time": nanos(creationTime),
            "last_updated_time": nanos(lastUpdatedTime), "metadata": .object(metadata.mapValues(JSONValue.string)),
            "cidr_list": .strings(cidrList), "token_bound_cidrs": .strings(tokenBoundCIDRs),
        ]
        if let expirationTime { o["expiration_time"] = nanos(expirationTime) }
        return .object(o)
    }
}
