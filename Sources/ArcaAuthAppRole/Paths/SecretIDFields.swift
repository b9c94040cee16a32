import ArcaSDK

/// The fields of secret-id paths.
enum SecretIDFields {
    static let secretID = Field<String>("secret_id", description: "The secret id.")
    static let accessor = Field<String>("secret_id_accessor", description: "The accessor of a secret id.")
    static let metadata = Field<String>(
        "metadata", description: "Key/value pairs kept with the secret id and added to the token's metadata (a JSON object).")
    static let cidrList = Field<[String]>("cidr_list", description: "Networks the secret id may log in from.")
    static let tokenBoundCIDRs = Field<[String]>(
        "token_bound_cidrs", description: "Networks tokens issued with the secret id may be used from.")
    static let numUses = Field<Int>("num_uses", description: "Logins the secret id allows (0: the role's setting).")
    static let ttl = Field<Int>("ttl", .durationSeconds, description: "Lifetime of the secret id (0: the role's setting).")

    /// The fields of a secret id's creation.
    static let creation: [FieldSpec] = [metadata.spec, cidrList.spec, tokenBoundCIDRs.spec, numUses.spec, ttl.spec]
}
