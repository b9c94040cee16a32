import ArcaSDK
import ArcaWire

/// The fields of role paths.
enum RoleFields {
    static let maxNameLength = 4096

    static let roleName = Field<String>("role_name", description: "Name of the role.")
    static let bindSecretID = Field<Bool>(
        "bind_secret_id", default: true, description: "Require a secret id at login.")
    static let secretIDBoundCIDRs = Field<[String]>(
        "secret_id_bound_cidrs", description: "Networks a secret id of this role may log in from.")
    static let boundCIDRList = Field<[String]>("bound_cidr_list", description: "Deprecated: use secret_id_bound_cidrs.")
    static let secretIDNumUses = Field<Int>("secret_id_num_uses", description: "Logins per secret id (0: unlimited).")
    static let secretIDTTL = Field<Int>("secret_id_ttl", .durationSeconds, description: "Lifetime of secret ids (0: unlimited).")
    static let localSecretIDs = Field<Bool>("local_secret_ids", description: "Keep secret ids local (set at creation only).")
    static let roleID = Field<String>("role_id", description: "The role id; generated when not given.")
    static let after = Field<String>("after", description: "List only the roles after this one.")
    static let limit = Field<Int>("limit", description: "List at most this many roles.")

    /// The token fields a role takes: every `token_*` field and AppRole's legacy `policies` and `period`.
    static let tokenFields = TokenSettings.fieldsWithLegacy.filter {
        ![TokenSettings.Fields.legacyTTL.name, TokenSettings.Fields.legacyMaxTTL.name, TokenSettings.Fields.legacyBoundCIDRs.name]
            .contains($0.name)
    }

    /// A non-negative number of seconds, refused as Vault's field conversion refuses it.
    /// - Parameter prefixed: whether the path validates fields up front ("Field validation failed: …").
    static func seconds(_ field: Field<Int>, _ f: FieldData, prefixed: Bool = false) throws -> Int? {
        guard let v = try f.ifPresent(field) else { return nil }
        if v < 0 {
            let message = "error converting input for field \"\(field.name)\": cannot provide negative value '\(v)'"
            throw LogicalError.invalidRequest(prefixed ? "Field validation failed: " + message : message)
        }
        return v
    }
}
