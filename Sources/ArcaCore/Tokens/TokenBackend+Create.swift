import ArcaSDK
import ArcaWire

/// `auth/token/create`, `create-orphan` and `create/<role>`: what the caller may mint, checked
/// as Vault checks it (policies, orphans, periods, ids need the caller's own rights or a role's).
extension TokenBackend {
    /// Whether the caller is root or has `sudo` on the path of this request (`auth/token/create…`).
    func hasSudo(_ caller: TokenEntry, _ req: LogicalRequest) -> Bool {
        if caller.isRoot { return true }
        let mount = req.mount.path.isEmpty ? "auth/token/" : req.mount.path
        return policies.acl(caller.policies).capabilities(mount + req.path).contains("sudo")
    }

    func create(_ req: LogicalRequest, _ f: FieldData, orphan orphanPath: Bool, role: TokenRole? = nil) async throws -> LogicalResponse? {
        let parent = try await caller(req)
        // Children would let a use-limited token escape its limit.
        if parent.numUses > 0 { throw LogicalError.invalidRequest("restricted use token cannot generate child tokens") }
        let isSudo = hasSudo(parent, req)
        let type = try f[Fields.type]
        guard ["", "service", "batch"].contains(type) else { throw LogicalError.invalidRequest("invalid 'token_type' value") }
        let isBatch = type == "batch"
        var numUses = try f[Fields.numUses]
        if numUses < 0 { throw LogicalError.invalidRequest("number of uses cannot be negative") }
        // The CLI always sends entity_alias, empty unless asked; no role allows aliases yet.
        if try !f[Fields.entityAlias].isEmpty {
            throw LogicalError.invalidRequest(
                role == nil ? "'entity_alias' is only allowed in combination with token role" : "invalid 'entity_alias' value")
        }
        if let role, role.numUses > 0, numUses == 0 || role.numUses < numUses { numUses = role.numUses }
        let requestedID = try f.ifPresent(Fields.id).flatMap { $0.isEmpty ? nil : $0 }
        if requestedID != nil && !isSudo {
            throw LogicalError.invalidRequest("root or sudo privileges required to specify token id")
        }
        let policies = try TokenPolicyRules(
            parent: parent.policies, parentIsRoot: parent.isRoot, isSudo: isSudo, role: role,
            noDefaultPolicy: try f[Fields.noDefaultPolicy]
        ).resolve(requested: try f.ifPresent(Fields.policies))

        // With a role, only the role makes orphans; `no_parent` needs sudo; create-orphan is ACL'd.
        let orphan: Bool
        if let role {
            orphan = role.orphan
        } else if try f[Fields.noParent] {
            guard isSudo else { throw LogicalError.invalidRequest("root or sudo privileges required to create orphan token") }
            orphan = true
        } else {
            orphan = orphanPath
        }

        var warnings: [String] = []
        var explicitMax = try TokenDurations.createParameter(try f[Fields.explicitMaxTTL], name: "explicit_max_ttl")
        var period = try TokenDurations.createParameter(try f[Fields.period], name: "period")
        if period > 0 && !isSudo {
            throw LogicalError.invalidRequest("root or sudo privileges required to create periodic token")
        }
        let requestedTTL = try TokenDurations.createParameter(try f[Fields.ttl], name: "ttl")
        if let role, !isBatch {
            let roleMax = Int64(role.explicitMaxTTL), rolePeriod = Int64(role.period)
            if roleMax > 0 {
                if explicitMax > 0 {
                    explicitMax = min(explicitMax, roleMax)
                    warnings.append(
                        "Explicit max TTL specified both during creation call and in role; using the lesser value of "
                            + "\(explicitMax) seconds")
                } else {
                    explicitMax = roleMax
                }
            }
            if rolePeriod > 0 {
                if period > 0 {
                    period = min(period, rolePeriod)
                    warnings.append("Period specified both during creation call and in role; using the lesser value of \(period) seconds")
                } else {
                    period = rolePeriod
                }
            }
        }
        // The token store's tuned TTLs (sys/auth/token/tune) when set, else the system's. Root
        // tokens asked for without a TTL or period never expire (unless an explicit max says so).
        var ttl = requestedTTL
        let (defaultTTL, maxTTL) = effectiveTTLs(req)
        if period > 0 || ttl > 0 || !policies.contains("root") {
            let computed = TokenDurations.initialTTL(
                requested: ttl, period: period, explicitMax: explicitMax, defaultTTL: defaultTTL, maxTTL: maxTTL)
            ttl = computed.ttl
            warnings += computed.warnings
        }
        if ttl == 0 && explicitMax > 0 { ttl = explicitMax }
        if ttl == 0 && parent.ttl != 0 {
            throw LogicalError.invalidRequest("expiring root tokens cannot create non-expiring root tokens")
        }
        // A child may ask for a longer TTL than its parent has left, as in OpenBao; it is revoked
        // with its parent all the same.
        let display = try f[Fields.displayName]
        var entry = TokenEntry(
            accessor: "", policies: policies,
            path: role.map { "auth/token/create/\($0.name)" + ($0.pathSuffix.isEmpty ? "" : "/" + $0.pathSuffix) }
                ?? "auth/token/" + (orphanPath ? "create-orphan" : "create"),
            displayName: TokenDisplayName.forCreatedToken(display),
            meta: try f[Fields.meta].compactMapValues(\.stringValue), creationTime: tokens.now, ttl: ttl, numUses: numUses)
        entry.explicitMaxTTL = explicitMax
        entry.period = period
        let renewable = try f[Fields.renewable] && (role?.renewable ?? true)
        entry.renewable = renewable && ttl > 0
        entry.parentHash = orphan ? "" : parent.idHash
        // A child keeps its parent's address binding (a role's tokens are the role's business).
        if !orphan && role == nil && ttl > 0 { entry.boundCIDRs = parent.boundCIDRs }
        if isBatch {
            try Self.checkBatch(entry, period: period, explicitMax: explicitMax)
        } else if parent.type == "batch" {
            throw LogicalError.invalidRequest("batch tokens cannot create non-batch tokens")
        }
        let (id, stored) = isBatch ? try tokens.issueBatch(entry) : try await tokens.store(entry, id: requestedID)
        return LogicalResponse(warnings: warnings, auth: AuthBlock.make(stored, id: id, leaseDuration: stored.ttl))
    }
}
