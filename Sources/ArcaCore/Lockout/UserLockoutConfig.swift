import ArcaWire

/// One layer of user lockout settings: a `user_lockout "<type>"` stanza of the server config, or
/// an auth mount's tuned `user_lockout_config`. A `nil` field defers to the layer below
/// (tune → the method type's stanza → the `all` stanza → Vault's defaults).
package struct UserLockoutConfig: Sendable, Equatable {
    /// Failed logins of one alias before it is locked.
    package var threshold: UInt64?
    /// How long a locked alias stays locked, seconds.
    package var duration: Int64?
    /// How long without a failed login before the count starts again, seconds.
    package var counterReset: Int64?
    package var disabled: Bool?

    package init(threshold: UInt64? = nil, duration: Int64? = nil, counterReset: Int64? = nil, disabled: Bool? = nil) {
        self.threshold = threshold
        self.duration = duration
        self.counterReset = counterReset
        self.disabled = disabled
    }

    /// `self` where it says something, else `lower`.
    func over(_ lower: UserLockoutConfig?) -> UserLockoutConfig {
        UserLockoutConfig(
            threshold: threshold ?? lower?.threshold, duration: duration ?? lower?.duration,
            counterReset: counterReset ?? lower?.counterReset, disabled: disabled ?? lower?.disabled)
    }
}

/// The settings one login is judged by, every layer applied.
package struct UserLockoutSettings: Sendable, Equatable {
    package var threshold: UInt64
    package var duration: Int64
    package var counterReset: Int64
    package var disabled: Bool

    /// Vault's defaults: 5 failures, locked for 15 minutes, the count forgotten after 15 minutes.
    package static let defaults = UserLockoutSettings(threshold: 5, duration: 900, counterReset: 900, disabled: false)

    /// A threshold of 0 locks at the first failure, as 1 does (OpenBao compares `count >= 0`).
    init(_ c: UserLockoutConfig) {
        let d = Self.defaults
        self.init(
            threshold: max(c.threshold ?? d.threshold, 1), duration: c.duration ?? d.duration,
            counterReset: c.counterReset ?? d.counterReset, disabled: c.disabled ?? d.disabled)
    }

    package init(threshold: UInt64, duration: Int64, counterReset: Int64, disabled: Bool) {
        self.threshold = threshold
        self.duration = duration
        self.counterReset = counterReset
        self.disabled = disabled
    }
}

/// The server's user lockout configuration: the config file's stanzas by method type (`all`,
/// `userpass`, `ldap`, `approle`), and `VAULT_DISABLE_USER_LOCKOUT`, which overrides every layer.
package struct UserLockoutDefaults: Sendable, Equatable {
    /// The method types a stanza may name, besides `all`; also the types a mount may tune.
    package static let methodTypes: Set = ["userpass", "ldap", "approle"]

    package var stanzas: [String: UserLockoutConfig]
    package var disabledByEnvironment: Bool

    package init(stanzas: [String: UserLockoutConfig] = [:], disabledByEnvironment: Bool = false) {
        self.stanzas = stanzas
        self.disabledByEnvironment = disabledByEnvironment
    }

    /// The settings for a mount of `type` tuned with `tuned`.
    package func settings(type: String, tuned: UserLockoutConfig?) -> UserLockoutSettings {
        let base = (stanzas[type] ?? UserLockoutConfig()).over(stanzas["all"])
        var settings = UserLockoutSettings((tuned ?? UserLockoutConfig()).over(base))
        if disabledByEnvironment { settings.disabled = true }
        return settings
    }
}
