import ArcaSDK
import ArcaWire

/// One tune write (`sys/mounts/<path>/tune`, `sys/auth/<path>/tune`), read in full and checked
/// against the entry before anything changes, so a rejected write changes nothing. The checks run
/// in OpenBao's order, so the first error is the one it would give.
struct TuneRequest {
    enum Fields {
        static let defaultLeaseTTL = Field<String>("default_lease_ttl", description: "Default lease TTL; \"system\" resets it.")
        static let maxLeaseTTL = Field<String>("max_lease_ttl", description: "Maximum lease TTL; \"system\" resets it.")
        static let description = Field<String>("description", description: "A human-friendly description.")
        static let options = Field<[String: JSONValue]>("options", description: "Backend options, e.g. version.")
        static let listingVisibility = Field<String>("listing_visibility", description: "\"unauth\", \"hidden\" or \"\".")
        static let passthroughRequestHeaders = Field<[String]>(
            "passthrough_request_headers", description: "Request headers passed to the backend.")
        static let allowedResponseHeaders = Field<[String]>(
            "allowed_response_headers", description: "Response headers the backend may set.")
        static let auditNonHMACRequestKeys = Field<[String]>(
            "audit_non_hmac_request_keys", description: "Request keys audit devices leave in clear.")
        static let auditNonHMACResponseKeys = Field<[String]>(
            "audit_non_hmac_response_keys", description: "Response keys audit devices leave in clear.")
        static let tokenType = Field<String>("token_type", description: "Auth methods: the type of token a login issues.")
        static let userLockoutConfig = Field<[String: JSONValue]>(
            "user_lockout_config", description: "Auth methods with passwords: lockout settings.")
        static let pluginVersion = Field<String>("plugin_version", description: "Plugin version (built-ins have none).")
        static let forceNoCache = Field<Bool>("force_no_cache", description: "Accepted and ignored.")

        static let all = [
            defaultLeaseTTL.spec, maxLeaseTTL.spec, description.spec, options.spec, listingVisibility.spec,
            passthroughRequestHeaders.spec, allowedResponseHeaders.spec, auditNonHMACRequestKeys.spec,
            auditNonHMACResponseKeys.spec, tokenType.spec, userLockoutConfig.spec, pluginVersion.spec, forceNoCache.spec,
        ]
        /// What `sys/` refuses to have tuned, in the order the refusal names them.
        static let systemFixed = [
            description.name, defaultLeaseTTL.name, maxLeaseTTL.name, options.name, listingVisibility.name,
            passthroughRequestHeaders.name, allowedResponseHeaders.name, auditNonHMACRequestKeys.name,
            auditNonHMACResponseKeys.name, tokenType.name, userLockoutConfig.name,
        ]
    }

    /// Auth method types that take a user lockout configuration.
    static let lockoutTypes: Set = ["userpass", "ldap", "approle"]

    var defaultLeaseTTL: Int?
    var maxLeaseTTL: Int?
    var description: String?
    var options: [String: JSONValue]?
    var listingVisibility: String?
    var passthroughRequestHeaders: [String]?
    var allowedResponseHeaders: [String]?
    var auditNonHMACRequestKeys: [String]?
    var auditNonHMACResponseKeys: [String]?
    var tokenType: String?
    var userLockoutConfig: [String: JSONValue]?

    init(_ f: FieldData) throws {
        defaultLeaseTTL = try Self.ttl(f.ifPresent(Fields.defaultLeaseTTL), Fields.defaultLeaseTTL.name)
        maxLeaseTTL = try Self.ttl(f.ifPresent(Fields.maxLeaseTTL), Fields.maxLeaseTTL.name)
        description = try f.ifPresent(Fields.description)
        options = try f.ifPresent(Fields.options)
        listingVisibility = try f.ifPresent(Fields.listingVisibility)
        passthroughRequestHeaders = try f.ifPresent(Fields.passthroughRequestHeaders)
        allowedResponseHeaders = try f.ifPresent(Fields.allowedResponseHeaders)
        auditNonHMACRequestKeys = try f.ifPresent(Fields.auditNonHMACRequestKeys)
        auditNonHMACResponseKeys = try f.ifPresent(Fields.auditNonHMACResponseKeys)
        tokenType = try f.ifPresent(Fields.tokenType)
        userLockoutConfig = try f.ifPresent(Fields.userLockoutConfig)
    }

    /// `nil` (or `""`) leaves the TTL alone, `"system"` resets it to 0 (the system's), anything
    /// else is a duration. Negative TTLs are refused (OpenBao stores them).
    static func ttl(_ text: String?, _ name: String) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        if text == "system" { return 0 }
        let seconds: Int
        do {
            seconds = try GoDuration.seconds(text)
        } catch {
            throw LogicalError.invalidRequest(error.message)
        }
        if seconds < 0 { throw LogicalError.invalidRequest("\(name) cannot be negative") }
        return seconds
    }

    /// `entry` with the changes, or the error OpenBao gives for the first thing wrong.
    func applied(to original: MountEntry) throws -> MountEntry {
        var entry = original
        let newDefault = defaultLeaseTTL ?? entry.defaultLeaseTTL, newMax = maxLeaseTTL ?? entry.maxLeaseTTL
        if newDefault != 0 && newMax != 0 && newMax < newDefault {
            throw LogicalError.invalidRequest(
                "backend max lease TTL of \(newMax) would be less than backend default lease TTL of \(newDefault)")
        }
        if let userLockoutConfig {
            guard entry.table == .auth, Self.lockoutTypes.contains(entry.type) else {
                throw LogicalError.invalidRequest("tuning of user lockout configuration for auth type \"\(entry.type)\" not allowed")
            }
            entry.tuning.userLockout = try UserLockoutConfig.tuned(userLockoutConfig, onto: entry.tuning.userLockout)
        }
        if let listingVisibility, !MountTuning.listingVisibilities.contains(listingVisibility) {
            throw LogicalError.invalidRequest("invalid listing_visibility \(listingVisibility)")
        }
        if let tokenType {
            guard entry.table == .auth else { throw LogicalError.invalidRequest("'token_type' can only be modified on auth mounts") }
            if entry.type == "token" {
                throw LogicalError.invalidRequest("'token_type' cannot be set for 'token' or 'ns_token' auth mounts")
            }
            guard MountTuning.tokenTypes.contains(tokenType) else { throw LogicalError.invalidRequest("invalid value for 'token_type'") }
            entry.tuning.tokenType = tokenType
        }
        if let options { entry.options = try Self.merged(options, into: entry.options) }
        entry.defaultLeaseTTL = newDefault
        entry.maxLeaseTTL = newMax
        if let description { entry.description = description }
        if let listingVisibility { entry.tuning.listingVisibility = listingVisibility }
        if let passthroughRequestHeaders { entry.tuning.passthroughRequestHeaders = passthroughRequestHeaders }
        if let allowedResponseHeaders { entry.tuning.allowedResponseHeaders = allowedResponseHeaders }
        if let auditNonHMACRequestKeys { entry.tuning.auditNonHMACRequestKeys = auditNonHMACRequestKeys }
        if let auditNonHMACResponseKeys { entry.tuning.auditNonHMACResponseKeys = auditNonHMACResponseKeys }
        return entry
    }

    /// Options merge key by key; an empty value removes the key. `version` only goes up (1 → 2).
    static func merged(_ given: [String: JSONValue], into current: [String: String]) throws -> [String: String] {
        var out = current
        for (key, raw) in given {
            let value = raw.stringValue ?? raw.int64Value.map { String($0) } ?? ""
            if key == "version" {
                let have = Int(current["version"] ?? "") ?? 0
                guard let want = value.isEmpty ? 0 : Int(value) else {
                    throw LogicalError.invalidRequest(
                        "unable to parse options: strconv.ParseInt: parsing \(GoDuration.quote(value)): invalid syntax")
                }
                guard want == 1 || want == 2 else { throw LogicalError.invalidRequest("invalid version provided: \(want)") }
                if have > want { throw LogicalError.invalidRequest("cannot downgrade mount from version \(have)") }
                out[key] = value
            } else if value.isEmpty {
                out[key] = nil
            } else {
                out[key] = value
            }
        }
        return out
    }
}
