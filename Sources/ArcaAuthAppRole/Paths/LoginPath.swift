import ArcaSDK
import ArcaWire

extension AppRoleBackend {
    var loginPath: Path {
        Path(
            "login", fields: [RoleFields.roleID.spec, SecretIDFields.secretID.spec], operations: [.update: login],
            synopsis: "Log in with a role id and a secret id.", lockoutAlias: lockoutAlias)
    }

    /// A login is an attempt for its role id (Vault's alias for AppRole logins).
    var lockoutAlias: LockoutAlias {
        { [self] _, f in
            let roleID = trim(try f[RoleFields.roleID])
            return roleID.isEmpty ? nil : roleID
        }
    }

    /// Checks the role id, then (when the role binds secret ids) the secret id: present, not
    /// expired, used from an allowed network, and one use consumed under the secret id's lock, so
    /// two logins can never share its last use. A login that fails consumes nothing.
    @Sendable func login(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let roleID = trim(try f[RoleFields.roleID])
        // A login's own failures are not wrapped in the multierror text.
        guard !roleID.isEmpty else { throw LogicalError.coded(status: 500, message: "missing role_id") }
        let store = try await store(req)
        guard let name = try await store.roleName(forRoleID: roleID), let role = try await store.role(name) else {
            throw AppRoleError.invalidCredentials
        }
        var entry: SecretIDEntry?
        if role.bindSecretID {
            let secretID = trim(try f[SecretIDFields.secretID])
            guard !secretID.isEmpty else { throw LogicalError.invalidRequest("missing secret_id") }
            entry = try await consume(secretID, of: role, store: store, from: req.remoteAddress)
        } else {
            try Self.checkRoleCIDRs(role, req.remoteAddress)
        }

        var metadata = entry?.metadata ?? [:]
        metadata["role_name"] = role.name
        var token = role.token
        if let own = entry?.tokenBoundCIDRs, !own.isEmpty { token.boundCIDRs = try TokenSettings.addresses(own) }
        token = try token.forLogin(from: req.remoteAddress)
        return .login(
            AuthResult(
                policies: token.policies, metadata: metadata, displayName: "",
                alias: IdentityAlias(name: role.roleID, metadata: metadata), token: token,
                internalData: ["role_name": .string(role.name)]))
    }

    /// A secret id that does not log in to a role that exists: the same text as an unknown role
    /// id, but it counts toward the role id's lockout.
    static let wrongSecretID = LogicalError.invalidCredentials("invalid role or secret ID")

    /// Validates one use of a secret id and records it: the last use deletes it.
    func consume(_ secretID: String, of role: Role, store: AppRoleStore, from address: String?) async throws -> SecretIDEntry {
        let hmac = store.hmac(secretID)
        return try await locks.withLock(Self.secretLock(hmac)) {
            guard var entry = try await store.secretID(role: role.name, hmac: hmac) else { throw Self.wrongSecretID }
            guard try await store.accessor(entry.accessor) != nil else {
                try await store.delete(entry, role: role.name, hmac: hmac)
                throw Self.wrongSecretID
            }
            if entry.isExpired(at: now()) {
                try await store.delete(entry, role: role.name, hmac: hmac)
                throw Self.wrongSecretID
            }
            guard CIDRRules.isSubset(entry.cidrList, of: role.secretIDBoundCIDRs) else {
                throw CIDRRules.subsetFailure(role: role.secretIDBoundCIDRs, secretID: entry.cidrList)
            }
            if !entry.cidrList.isEmpty {
                guard let address else { throw LogicalError.coded(status: 500, message: "failed to get connection information") }
                guard CIDR.allows(entry.cidrList, address: address) else {
                    let how = entry.numUses == 0 ? "through" : "by"
                    throw LogicalError.invalidRequest(
                        "source address \"\(address)\" unauthorized \(how) CIDR restrictions on the secret ID")
                }
            }
            try Self.checkRoleCIDRs(role, address)
            switch entry.numUses {
            case 0: break
            case 1: try await store.delete(entry, role: role.name, hmac: hmac)
            default:
                entry.numUses -= 1
                entry.lastUpdatedTime = now()
                try await store.put(entry, role: role.name, hmac: hmac)
            }
            return entry
        }
    }

    static func checkRoleCIDRs(_ role: Role, _ address: String?) throws {
        guard !role.secretIDBoundCIDRs.isEmpty else { return }
        guard let address else { throw LogicalError.coded(status: 500, message: "failed to get connection information") }
        guard CIDR.allows(role.secretIDBoundCIDRs, address: address) else {
            throw LogicalError.invalidRequest("source address \"\(address)\" unauthorized by CIDR restrictions on the role")
        }
    }

    /// `s` without leading and trailing Unicode white space (scalar by scalar: no grapheme breaking).
    func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return s }
        return String(scalars[first...last])
    }
}
