import ArcaSDK
import ArcaWire
import FoundationEssentials

/// Who made a request, as an audit entry records it (the `auth` object). Token ids and accessors
/// are kept here in clear; the formatter hashes them per device.
package struct AuditAuth: Sendable, Equatable {
    package var clientToken = ""
    package var accessor = ""
    package var displayName = ""
    package var policies: [String] = []
    package var tokenPolicies: [String] = []
    package var identityPolicies: [String] = []
    package var metadata: [String: String] = [:]
    package var entityID = ""
    /// Uses left on a use-limited token (0: unlimited).
    package var remainingUses = 0
    /// `service`, `batch`, or `default` when the request carried no valid token.
    package var tokenType = "default"
    /// Seconds the token was issued for (0: no expiry).
    package var tokenTTL: Int64 = 0
    /// RFC 3339, seconds precision; empty when unknown.
    package var tokenIssueTime = ""

    package init() {}

    /// The caller described by its resolved token.
    package init(token entry: TokenEntry, id: String) {
        clientToken = id
        accessor = entry.accessor
        displayName = entry.displayName
        policies = entry.policies
        tokenPolicies = entry.policies
        metadata = entry.meta
        remainingUses = entry.numUses
        tokenType = entry.type
        tokenTTL = entry.ttl
        tokenIssueTime = Date(timeIntervalSince1970: Double(entry.creationTime)).rfc3339Nano
    }

    /// The `auth` block of a response (a login or a token creation), from its wire form.
    package init(wire auth: [String: JSONValue]) {
        clientToken = auth["client_token"]?.stringValue ?? ""
        accessor = auth["accessor"]?.stringValue ?? ""
        displayName = auth["display_name"]?.stringValue ?? ""
        policies = Self.strings(auth["policies"])
        tokenPolicies = Self.strings(auth["token_policies"])
        identityPolicies = Self.strings(auth["identity_policies"])
        metadata = (auth["metadata"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        entityID = auth["entity_id"]?.stringValue ?? ""
        remainingUses = Int(auth["num_uses"]?.int64Value ?? 0)
        tokenType = auth["token_type"]?.stringValue ?? "service"
        tokenTTL = auth["lease_duration"]?.int64Value ?? 0
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
