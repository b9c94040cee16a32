import ArcaCore
import HCL

extension ConfigDecoder {
    /// A `user_lockout "TYPE" { lockout_threshold, lockout_duration, lockout_counter_reset,
    /// disable_lockout }` stanza; `TYPE` is `all` or a method type that takes part in lockout. A
    /// second stanza of the same type changes only the settings it gives.
    func userLockout(_ block: HCLBlock, into config: inout ServerConfig) throws {
        guard let type = block.labels.first, block.labels.count == 1 else {
            throw fail(
                block.position,
                "auth type for user lockout must be specified, if it applies to all auth methods specify \"all\"")
        }
        guard type == "all" || UserLockoutDefaults.methodTypes.contains(type) else {
            throw fail(block.position, "user_lockout: unsupported auth type \"\(type)\" (supported: all, approle, ldap, userpass)")
        }
        var stanza = config.userLockouts[type] ?? UserLockoutConfig()
        for attribute in block.body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            switch attribute.name {
            case "lockout_threshold":
                let text = try v.scalarText()
                guard let threshold = UInt64(text), threshold <= UInt64(Int64.max) else {
                    throw fail(attribute.valuePosition, "'lockout_threshold' must be a whole number of failed logins")
                }
                stanza.threshold = threshold
            case "lockout_duration": stanza.duration = try v.duration()
            case "lockout_counter_reset": stanza.counterReset = try v.duration()
            case "disable_lockout": stanza.disabled = try v.bool()
            default: throw fail(attribute.position, "unknown user_lockout key '\(attribute.name)'")
            }
        }
        if let nested = block.body.blocks.first { throw fail(nested.position, "unexpected stanza in user_lockout") }
        config.userLockouts[type] = stanza
    }
}

extension ServerConfig {
    /// The lockout settings the core applies: the stanzas, and `VAULT_DISABLE_USER_LOCKOUT` (or
    /// `BAO_DISABLE_USER_LOCKOUT`) set to a true value, which turns lockout off everywhere.
    package func userLockoutDefaults(environment: [String: String]) -> UserLockoutDefaults {
        let flag = (environment["BAO_DISABLE_USER_LOCKOUT"] ?? environment["VAULT_DISABLE_USER_LOCKOUT"] ?? "").lowercased()
        return UserLockoutDefaults(stanzas: userLockouts, disabledByEnvironment: ["1", "t", "true"].contains(flag))
    }
}
