import ArcaWire

/// The tunable settings of a mount or auth method besides its TTLs, description and options
/// (the rest of Vault's mount `config`): listing visibility, the request headers passed through to
/// the backend, the response headers it may set, the audit keys left un-HMAC'd and, for auth
/// methods, the type of token a login issues.
///
/// Storage and wire use the same names; empty settings are left out of both, as OpenBao leaves
/// them out of `sys/mounts`, `sys/auth` and the tune read.
package struct MountTuning: Sendable, Equatable {
    /// `""` (listed to authenticated callers only), `unauth` (also on the unauthenticated UI
    /// listing) or `hidden`.
    package var listingVisibility = ""
    package var passthroughRequestHeaders: [String] = []
    package var allowedResponseHeaders: [String] = []
    package var auditNonHMACRequestKeys: [String] = []
    package var auditNonHMACResponseKeys: [String] = []
    /// Auth methods only; empty means `default-service`.
    package var tokenType = ""
    /// Auth methods taking part in user lockout: the tuned `user_lockout_config`; nil until tuned.
    package var userLockout: UserLockoutConfig?

    static let listingVisibilities: Set = ["", "unauth", "hidden"]
    static let tokenTypes: Set = ["default-service", "default-batch", "service", "batch"]
    static let defaultTokenType = "default-service"

    package init() {}

    /// The non-empty settings, keyed by their wire names (token type excluded: see `wireConfig`).
    var fields: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        if !listingVisibility.isEmpty { out["listing_visibility"] = .string(listingVisibility) }
        for (name, list) in lists where !list.isEmpty { out[name] = .strings(list) }
        return out
    }

    private var lists: [(String, [String])] {
        [
            ("passthrough_request_headers", passthroughRequestHeaders), ("allowed_response_headers", allowedResponseHeaders),
            ("audit_non_hmac_request_keys", auditNonHMACRequestKeys), ("audit_non_hmac_response_keys", auditNonHMACResponseKeys),
        ]
    }

    /// What the storage entry holds.
    var json: JSONValue {
        var out = fields
        if !tokenType.isEmpty { out["token_type"] = .string(tokenType) }
        if let userLockout { out["user_lockout"] = userLockout.storedJSON }
        return .object(out)
    }

    /// Reads a stored entry's settings; a missing object (entries written before tuning) is the defaults.
    init(json: JSONValue?) {
        let o = json?.objectValue ?? [:]
        let strings = { (name: String) in (o[name]?.arrayValue ?? []).compactMap(\.stringValue) }
        listingVisibility = o["listing_visibility"]?.stringValue ?? ""
        passthroughRequestHeaders = strings("passthrough_request_headers")
        allowedResponseHeaders = strings("allowed_response_headers")
        auditNonHMACRequestKeys = strings("audit_non_hmac_request_keys")
        auditNonHMACResponseKeys = strings("audit_non_hmac_response_keys")
        tokenType = o["token_type"]?.stringValue ?? ""
        userLockout = o["user_lockout"].map(UserLockoutConfig.init(stored:))
    }
}

extension MountEntry {
    /// The `config` object `sys/mounts` and `sys/auth` show: the entry's own TTLs (0 = the system's),
    /// the non-empty settings, and the token type for auth methods.
    package var wireConfig: [String: JSONValue] {
        var config = tuning.fields
        config["default_lease_ttl"] = .int(defaultLeaseTTL)
        config["max_lease_ttl"] = .int(maxLeaseTTL)
        config["force_no_cache"] = false
        if table == .auth { config["token_type"] = .string(effectiveTokenType) }
        if let lockout = tuning.userLockout { config["user_lockout_config"] = .object(lockout.wireFields) }
        return config
    }

    /// The token type a login through this auth method issues.
    package var effectiveTokenType: String { tuning.tokenType.isEmpty ? MountTuning.defaultTokenType : tuning.tokenType }
}
