extension TokenSettings {
    /// The shared `token_*` fields, and the pre-`token_*` names Vault still accepts.
    public enum Fields {
        public static let ttl = Field<Int>("token_ttl", .durationSeconds, description: "Initial TTL of issued tokens.")
        public static let maxTTL = Field<Int>("token_max_ttl", .durationSeconds, description: "Maximum lifetime of issued tokens.")
        public static let explicitMaxTTL = Field<Int>(
            "token_explicit_max_ttl", .durationSeconds, description: "Hard cap on issued tokens' lifetime, even when renewed.")
        public static let period = Field<Int>("token_period", .durationSeconds, description: "Make issued tokens periodic.")
        public static let numUses = Field<Int>("token_num_uses", description: "Uses of issued tokens (0: unlimited).")
        public static let policies = Field<[String]>("token_policies", description: "Policies of issued tokens.")
        public static let boundCIDRs = Field<[String]>("token_bound_cidrs", description: "CIDRs issued tokens may be used from.")
        public static let noDefaultPolicy = Field<Bool>(
            "token_no_default_policy", description: "Leave the default policy out of issued tokens.")
        public static let type = Field<String>("token_type", description: "service, batch, or default.")
        public static let strictlyBindIP = Field<Bool>(
            "token_strictly_bind_ip", description: "Bind issued tokens to the address that logged in.")
        public static let legacyPolicies = Field<[String]>("policies", description: "Deprecated: use token_policies.")
        public static let legacyTTL = Field<Int>("ttl", .durationSeconds, description: "Deprecated: use token_ttl.")
        public static let legacyMaxTTL = Field<Int>("max_ttl", .durationSeconds, description: "Deprecated: use token_max_ttl.")
        public static let legacyPeriod = Field<Int>("period", .durationSeconds, description: "Deprecated: use token_period.")
        public static let legacyBoundCIDRs = Field<[String]>("bound_cidrs", description: "Deprecated: use token_bound_cidrs.")
    }
}
