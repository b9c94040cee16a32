import ArcaSDK
import ArcaWire

/// `auth/token/...`: create, look up, renew and revoke tokens.
struct TokenBackend: Sendable {
    let tokens: TokenStore
    let policies: PolicyStore
    /// The system-wide maximum TTL, seconds.
    let maxTTL: Int64
    let defaultTTL: Int64

    enum Fields {
        static let policies = Field<[String]>("policies", description: "Policies of the new token.")
        // Strings, as in Vault: the token store reads them itself (`TokenDurations.createParameter`),
        // sign and bounds included.
        static let ttl = Field<String>("ttl", description: "Time to live.")
        static let explicitMaxTTL = Field<String>("explicit_max_ttl", description: "Hard limit on the token's life.")
        static let period = Field<String>("period", description: "Make a periodic token.")
        static let numUses = Field<Int>("num_uses", description: "Uses before the token is revoked (0: unlimited).")
        static let noDefaultPolicy = Field<Bool>("no_default_policy", description: "Leave out the default policy.")
        static let noParent = Field<Bool>("no_parent", description: "Create an orphan.")
        static let renewable = Field<Bool>("renewable", default: true, description: "Whether the token can be renewed.")
        static let displayName = Field<String>("display_name", description: "A name for the token.")
        static let meta = Field<[String: JSONValue]>("meta", description: "Metadata kept with the token.")
        static let id = Field<String>("id", description: "The token id (root tokens only).")
        static let token = Field<String>("token", description: "The token to act on.")
        static let accessor = Field<String>("accessor", description: "The accessor of the token to act on.")
        static let increment = Field<Int>("increment", .durationSeconds, description: "Requested extension.")
        static let type = Field<String>("type", description: "service (batch tokens are not supported).")
        static let entityAlias = Field<String>("entity_alias", description: "An entity alias (roles only; not supported yet).")
        static let roleName = Field<String>("role_name", description: "The role's name.")
        static let allowedPolicies = Field<[String]>("allowed_policies", description: "Policies tokens of the role may have.")
        static let disallowedPolicies = Field<[String]>("disallowed_policies", description: "Policies they may never have.")
        static let allowedPoliciesGlob = Field<[String]>(
            "allowed_policies_glob", description: "Globs of policies tokens of the role may have.")
        static let disallowedPoliciesGlob = Field<[String]>(
            "disallowed_policies_glob", description: "Globs of policies they may never have.")
        static let tokenNumUses = Field<Int>("token_num_uses", description: "Uses of each token (0: unlimited).")
        static let orphan = Field<Bool>("orphan", description: "Tokens of the role are orphans.")
        static let pathSuffix = Field<String>("path_suffix", description: "Appended to the tokens' path.")
        static let tokenPeriod = Field<Int>("token_period", .durationSeconds, description: "Periodic tokens.")
        static let rolePeriod = Field<Int>("period", .durationSeconds, description: "Deprecated name of token_period.")
        static let roleExplicitMaxTTL = Field<Int>(
            "explicit_max_ttl", .durationSeconds, description: "Deprecated name of token_explicit_max_ttl.")
        static let tokenExplicitMaxTTL = Field<Int>("token_explicit_max_ttl", .durationSeconds, description: "Hard TTL limit.")
        static let tokenNoDefaultPolicy = Field<Bool>("token_no_default_policy", description: "Leave out default.")
    }

    var router: PathRouter {
        let createFields = [
            Fields.policies.spec, Fields.ttl.spec, Fields.explicitMaxTTL.spec, Fields.period.spec, Fields.numUses.spec,
            Fields.noDefaultPolicy.spec, Fields.noParent.spec, Fields.renewable.spec, Fields.displayName.spec,
            Fields.meta.spec, Fields.id.spec, Fields.type.spec, Fields.entityAlias.spec,
        ]
        return PathRouter(
            paths: [
                Path("create", fields: createFields, operations: [.update: { try await create($0, $1, orphan: false) }],
                     synopsis: "Create a child token."),
                Path("create/{role_name}", fields: createFields + [Fields.roleName.spec],
                     operations: [.update: createWithRole], synopsis: "Create a token through a role."),
                Path("roles/?", operations: [.list: listRoles], synopsis: "List token roles."),
                Path("roles/{role_name}",
                     fields: [Fields.roleName.spec, Fields.allowedPolicies.spec, Fields.disallowedPolicies.spec,
                              Fields.allowedPoliciesGlob.spec, Fields.disallowedPoliciesGlob.spec, Fields.tokenNumUses.spec,
                              Fields.orphan.spec, Fields.renewable.spec, Fields.pathSuffix.spec, Fields.tokenPeriod.spec,
                              Fields.tokenExplicitMaxTTL.spec, Fields.tokenNoDefaultPolicy.spec],
                     operations: [.read: readRole, .create: writeRole, .update: writeRole, .delete: deleteRole],
                     existenceCheck: { req, f in try await req.storage.get(TokenRole.prefix + (f.raw["role_name"]?.stringValue ?? "")) != nil },
                     synopsis: "Manage a token role."),
                Path("accessors/?", operations: [.list: listAccessors], synopsis: "List token accessors (sudo)."),
                Path("tidy", operations: [.update: tidy], synopsis: "Clean up expired tokens and dangling index entries."),
                Path("create-orphan", fields: createFields, operations: [.update: { try await create($0, $1, orphan: true) }],
                     synopsis: "Create a token with no parent."),
                Path("lookup-self", operations: [.read: lookupSelf, .update: lookupSelf], synopsis: "Look up the caller's token."),
                Path("lookup", fields: [Fields.token.spec], operations: [.read: lookup, .update: lookup], synopsis: "Look up a token."),
                Path("lookup-accessor", fields: [Fields.accessor.spec], operations: [.update: lookupAccessor],
                     synopsis: "Look up a token by accessor."),
                Path("renew-self", fields: [Fields.increment.spec], operations: [.update: renewSelf], synopsis: "Renew the caller's token."),
                Path("renew", fields: [Fields.token.spec, Fields.increment.spec], operations: [.update: renew], synopsis: "Renew a token."),
                Path("revoke-self", operations: [.update: revokeSelf], synopsis: "Revoke the caller's token and its children."),
                Path("revoke", fields: [Fields.token.spec], operations: [.update: revoke], synopsis: "Revoke a token and its children."),
                Path("revoke-orphan", fields: [Fields.token.spec], operations: [.update: revokeOrphan],
                     synopsis: "Revoke a token, keeping its children as orphans."),
                Path("revoke-accessor", fields: [Fields.accessor.spec], operations: [.update: revokeAccessor],
                     synopsis: "Revoke a token by accessor."),
            ],
            help: "The token store.")
    }

    /// Default and maximum TTL for tokens: the token mount's effective values (its tune, within
    /// the system's), falling back to the system's when the request carries no mount.
    func effectiveTTLs(_ req: LogicalRequest) -> (default: Int64, max: Int64) {
        guard req.mount.type == "token" else { return (defaultTTL, maxTTL) }
        return (Int64(req.mount.defaultLeaseTTL), Int64(req.mount.maxLeaseTTL))
    }

    func caller(_ req: LogicalRequest) async throws -> TokenEntry {
        guard let id = req.clientToken, let entry = try await tokens.lookup(id, includingSpent: true) else {
            throw LogicalError.permissionDenied
        }
        return entry
    }

    /// What a batch token cannot be, with OpenBao's messages.
    static func checkBatch(_ entry: TokenEntry, period: Int64, explicitMax: Int64) throws {
        if entry.policies.contains("root") { throw LogicalError.invalidRequest("batch tokens cannot be root tokens") }
        if entry.numUses > 0 { throw LogicalError.invalidRequest("batch tokens cannot have \"num_uses\" set") }
        if period > 0 { throw LogicalError.invalidRequest("batch tokens cannot have \"period\" set") }
        if explicitMax > 0 { throw LogicalError.invalidRequest("batch tokens cannot have \"explicit_max_ttl\" set") }
    }

    static let cannotRenewBatch = LogicalError.invalidRequest("batch tokens cannot be renewed")
    static let cannotRevokeBatch = LogicalError.invalidRequest("batch tokens cannot be revoked")

    @Sendable func createWithRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.roleName]
        guard let doc = try await req.storage.getJSON(TokenRole.prefix + name) else {
            throw LogicalError.invalidRequest("unknown role \(name)")
        }
        return try await create(req, f, orphan: false, role: TokenRole(json: doc))
    }

    @Sendable func listRoles(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let names = try await req.storage.list(prefix: TokenRole.prefix)
        return names.isEmpty ? nil : .list(names)
    }

    @Sendable func readRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let doc = try await req.storage.getJSON(TokenRole.prefix + (try f[Fields.roleName])) else { return nil }
        return .data(TokenRole(json: doc).wireJSON.objectValue ?? [:])
    }

    @Sendable func writeRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.roleName]
        var role = try await req.storage.getJSON(TokenRole.prefix + name).map(TokenRole.init(json:)) ?? TokenRole(name: name)
        if let v = try f.ifPresent(Fields.allowedPolicies) { role.allowedPolicies = TokenPolicyRules.sanitize(v, addDefault: false) }
        if let v = try f.ifPresent(Fields.disallowedPolicies) { role.disallowedPolicies = TokenPolicyRules.deduplicated(v) }
        if let v = try f.ifPresent(Fields.allowedPoliciesGlob) {
            role.allowedPoliciesGlob = TokenPolicyRules.sanitize(v, addDefault: false)
        }
        if let v = try f.ifPresent(Fields.disallowedPoliciesGlob) { role.disallowedPoliciesGlob = TokenPolicyRules.deduplicated(v) }
        if let v = try f.ifPresent(Fields.orphan) { role.orphan = v }
        if let v = try f.ifPresent(Fields.renewable) { role.renewable = v }
        // Durations are bounded here, so nothing stored can make token arithmetic overflow.
        if let (name, v) = try Self.firstPresent(f, Fields.tokenPeriod, Fields.rolePeriod) {
            role.period = Int(try TokenDurations.fieldParameter(v, name: name))
        }
        if let (name, v) = try Self.firstPresent(f, Fields.tokenExplicitMaxTTL, Fields.roleExplicitMaxTTL) {
            role.explicitMaxTTL = Int(try TokenDurations.fieldParameter(v, name: name))
        }
        if let v = try f.ifPresent(Fields.tokenNumUses) {
            if v < 0 { throw LogicalError.invalidRequest("error parsing role fields: 'token_num_uses' cannot be negative") }
            role.numUses = v
        }
        if let v = try f.ifPresent(Fields.tokenNoDefaultPolicy) { role.noDefaultPolicy = v }
        if let v = try f.ifPresent(Fields.pathSuffix) {
            let valid = v.isEmpty || (v.count >= 3 && v.allSatisfy { $0.isLetter || $0.isNumber || "_-.".contains($0) })
            guard valid else {
                throw LogicalError.invalidRequest("given role path suffix contains invalid characters")
            }
            role.pathSuffix = v
        }
        try await req.storage.putJSON(TokenRole.prefix + name, role.json)
        return nil
    }

    /// The first of `fields` the request gives, with its name (a role's `token_*` field, then its
    /// legacy name).
    static func firstPresent(_ f: FieldData, _ fields: Field<Int>...) throws -> (String, Int)? {
        for field in fields { if let v = try f.ifPresent(field) { return (field.name, v) } }
        return nil
    }

    @Sendable func deleteRole(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await req.storage.delete(TokenRole.prefix + (try f[Fields.roleName]))
        return nil
    }

    @Sendable func listAccessors(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let accessors = try await tokens.accessors()
        return accessors.isEmpty ? nil : .list(accessors)
    }

    @Sendable func tidy(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let r = try await tokens.tidy()
        return LogicalResponse(warnings: [
            "Tidy finished: \(r.expiredRevoked) expired tokens revoked, \(r.danglingAccessors) dangling accessors and "
                + "\(r.danglingChildIndexes) dangling parent links removed."
        ])
    }

    @Sendable func lookupSelf(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(tokens.lookupData(try await caller(req), id: req.clientToken))
    }

    @Sendable func lookup(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try f[Fields.token]
        if id.isEmpty { return try await lookupSelf(req, f) }
        guard let entry = try await tokens.lookup(id) else { throw LogicalError.coded(status: 403, message: "bad token") }
        return .data(tokens.lookupData(entry, id: id))
    }

    @Sendable func lookupAccessor(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let entry = try await tokens.lookup(accessor: try f[Fields.accessor]) else {
            throw LogicalError.invalidRequest("1 error occurred:\n\t* invalid accessor\n\n")
        }
        return .data(tokens.lookupData(entry, id: nil))
    }

    func renewed(_ entry: TokenEntry, id: String?) -> LogicalResponse {
        LogicalResponse(auth: AuthBlock.make(
            entry, id: id ?? "", leaseDuration: max(0, entry.expireTime - tokens.now), includeIdentityPolicies: false))
    }

    /// A renewal's `increment`: never negative nor past what a duration holds.
    func increment(_ f: FieldData) throws -> Int64 {
        try TokenDurations.fieldParameter(try f[Fields.increment], name: "increment", validationPrefix: true)
    }

    @Sendable func renewSelf(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let me = try await caller(req)
        if me.type == "batch" { throw Self.cannotRenewBatch }
        let entry = try await tokens.renew(
            hash: me.idHash, increment: try increment(f), maxTTL: effectiveTTLs(req).max)
        return renewed(entry, id: req.clientToken)
    }

    @Sendable func renew(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try f[Fields.token]
        guard let target = try await tokens.lookup(id) else { throw LogicalError.invalidRequest("token not found") }
        if target.type == "batch" { throw Self.cannotRenewBatch }
        let entry = try await tokens.renew(
            hash: target.idHash, increment: try increment(f), maxTTL: effectiveTTLs(req).max)
        return renewed(entry, id: id)
    }

    @Sendable func revokeSelf(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let me = try await caller(req)
        if me.type == "batch" { throw Self.cannotRevokeBatch }
        try await tokens.revoke(hash: me.idHash)
        return nil
    }

    @Sendable func revoke(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try f[Fields.token]
        guard !id.isEmpty else { throw LogicalError.invalidRequest("missing token") }
        if let entry = try await tokens.lookup(id) {
            if entry.type == "batch" { throw Self.cannotRevokeBatch }
            try await tokens.revoke(hash: entry.idHash)
        }
        return nil
    }

    @Sendable func revokeOrphan(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard try await caller(req).isRoot else { throw LogicalError.permissionDenied }
        let id = try f[Fields.token]
        if let entry = try await tokens.lookup(id) {
            if entry.type == "batch" { throw Self.cannotRevokeBatch }
            try await tokens.revoke(hash: entry.idHash, orphanChildren: true)
        }
        return nil
    }

    @Sendable func revokeAccessor(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let entry = try await tokens.lookup(accessor: try f[Fields.accessor]) else {
            return LogicalResponse(warnings: ["No token found with this accessor"])
        }
        try await tokens.revoke(hash: entry.idHash)
        return nil
    }

}
