import ArcaSDK
import ArcaWire
import FoundationEssentials

/// One lease as persisted in the barrier (`sys/expire/id/<lease id>`): a secret a backend handed
/// out, or a token with a TTL. Times are Unix seconds with fractions.
package struct LeaseEntry: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case secret, token
    }

    package var leaseID: String
    package var kind: Kind
    /// The full request path that created it (`database/creds/app`), or the token's path.
    package var path: String
    /// The salted hash of the token that created the secret; for a token lease, the token itself.
    package var tokenHash: String
    /// The secret's lease data; `nil` for token leases.
    package var secret: SecretLease?
    package var issueTime: Double
    package var expireTime: Double
    package var lastRenewalTime: Double = 0
    /// The latest the lease may live to (issue time + the effective max TTL); 0 for none.
    package var maxExpireTime: Double = 0
    /// Failed revocations so far; at `ExpirationManager.maxRevokeAttempts` the lease is irrevocable.
    package var revokeAttempts = 0
    package var revokeError = ""
    package var namespaceID = "root"

    package init(leaseID: String, kind: Kind, path: String, tokenHash: String, secret: SecretLease?, issueTime: Double,
                 expireTime: Double) {
        self.leaseID = leaseID
        self.kind = kind
        self.path = path
        self.tokenHash = tokenHash
        self.secret = secret
        self.issueTime = issueTime
        self.expireTime = expireTime
    }

    package var isIrrevocable: Bool { revokeAttempts >= ExpirationManager.maxRevokeAttempts }
    package var renewable: Bool { secret?.renewable ?? true }

    package var json: JSONValue {
        var o: [String: JSONValue] = [
            "lease_id": .string(leaseID), "kind": .string(kind.rawValue), "path": .string(path),
            "token_hash": .string(tokenHash), "issue_time": .number(JSONNumber(issueTime)),
            "expire_time": .number(JSONNumber(expireTime)), "last_renewal_time": .number(JSONNumber(lastRenewalTime)),
            "max_expire_time": .number(JSONNumber(maxExpireTime)), "revoke_attempts": .int(revokeAttempts),
            "revoke_error": .string(revokeError), "namespace_id": .string(namespaceID),
        ]
        if let s = secret {
            o["secret"] = [
                "type": .string(s.type), "ttl": .int(s.ttl), "max_ttl": .int(s.maxTTL), "renewable": .bool(s.renewable),
                "internal": .object(s.internalData),
            ]
        }
        return .object(o)
    }

    package init(json: JSONValue) throws {
        let r = try JSONObjectReader(json)
        guard let id = try r.string("lease_id"), let kind = try r.string("kind").flatMap(Kind.init(rawValue:)) else {
            throw WireDecodingError(message: "corrupt lease entry")
        }
        leaseID = id
        self.kind = kind
        path = try r.string("path") ?? ""
        tokenHash = try r.string("token_hash") ?? ""
        issueTime = r.value("issue_time")?.doubleValue ?? 0
        expireTime = r.value("expire_time")?.doubleValue ?? 0
        lastRenewalTime = r.value("last_renewal_time")?.doubleValue ?? 0
        maxExpireTime = r.value("max_expire_time")?.doubleValue ?? 0
        revokeAttempts = try r.int("revoke_attempts") ?? 0
        revokeError = try r.string("revoke_error") ?? ""
        namespaceID = try r.string("namespace_id") ?? "root"
        if let s = r.value("secret"), let type = s["type"]?.stringValue {
            var lease = SecretLease(
                type: type, ttl: Int(s["ttl"]?.int64Value ?? 0), maxTTL: Int(s["max_ttl"]?.int64Value ?? 0),
                renewable: s["renewable"]?.boolValue ?? false, internalData: s["internal"]?.objectValue ?? [:])
            lease.leaseID = id
            lease.issueTime = Date(timeIntervalSince1970: issueTime)
            secret = lease
        } else {
            secret = nil
        }
    }
}
