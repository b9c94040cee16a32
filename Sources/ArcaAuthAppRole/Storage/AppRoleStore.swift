import ArcaSDK
import ArcaWire

/// The mount's storage, one aggregate per prefix:
///
/// | Key | Value |
/// | --- | --- |
/// | `salt` | the mount's HMAC key (`SaltCache`) |
/// | `role/<name>` | a `Role` |
/// | `role_id/<HMAC(role id)>` | `{"name": role}`: the login index |
/// | `secret_id/<role>/<HMAC(secret id)>` | a `SecretIDEntry` |
/// | `accessor/<HMAC(accessor)>` | an `AccessorEntry` |
///
/// Secret ids, role ids and accessors appear in keys only as HMAC-SHA256 under the mount's key.
struct AppRoleStore: Sendable {
    let storage: any Storage
    let salt: [UInt8]

    static let rolePrefix = "role/"
    static let roleIDPrefix = "role_id/"
    static let secretIDPrefix = "secret_id/"
    static let accessorPrefix = "accessor/"

    func hmac(_ value: String) -> String { AuthCrypto.HMACSHA256.hex(value, key: salt) }

    // MARK: roles

    func role(_ name: String) async throws -> Role? {
        guard let o = try await storage.getJSON(Self.rolePrefix + name.lowercased())?.objectValue else { return nil }
        return Role(json: o)
    }

    /// Role names in order, those after `after` only, at most `limit` (0: all).
    func roleNames(after: String = "", limit: Int = 0) async throws -> [String] {
        let names = try await storage.list(prefix: Self.rolePrefix).filter { !$0.hasSuffix("/") && $0 > after }
        return limit > 0 ? Array(names.prefix(limit)) : names
    }

    /// The role a role id logs in to.
    func roleName(forRoleID roleID: String) async throws -> String? {
        try await storage.getJSON(Self.roleIDPrefix + hmac(roleID))?["name"]?.stringValue
    }

    /// Stores `role` and its role id index, as Vault does: refused without a constraint or when
    /// another role has the role id; a changed role id drops the old index entry.
    func save(_ role: Role, previousRoleID: String?) async throws {
        guard role.hasConstraint else { throw LogicalError.internalError("at least one constraint should be enabled on the role") }
        if let owner = try await roleName(forRoleID: role.roleID), owner != role.name {
            throw LogicalError.internalError("role_id already in use")
        }
        if let previousRoleID, !previousRoleID.isEmpty, previousRoleID != role.roleID {
            try await storage.delete(Self.roleIDPrefix + hmac(previousRoleID))
        }
        try await storage.putJSON(Self.rolePrefix + role.name, role.json)
        try await storage.putJSON(Self.roleIDPrefix + hmac(role.roleID), ["name": .string(role.name)])
    }

    func deleteRole(_ role: Role) async throws {
        try await storage.delete(Self.roleIDPrefix + hmac(role.roleID))
        try await storage.delete(Self.rolePrefix + role.name)
    }

    // MARK: secret ids

    func secretIDKey(role: String, hmac: String) -> String { Self.secretIDPrefix + role + "/" + hmac }

    func secretID(role: String, hmac: String) async throws -> SecretIDEntry? {
        guard let o = try await storage.getJSON(secretIDKey(role: role, hmac: hmac))?.objectValue else { return nil }
        return SecretIDEntry(json: o)
    }

    func put(_ entry: SecretIDEntry, role: String, hmac: String) async throws {
        try await storage.putJSON(secretIDKey(role: role, hmac: hmac), entry.json)
    }

    /// Removes a secret id and its accessor index entry.
    func delete(_ entry: SecretIDEntry, role: String, hmac: String) async throws {
        try await storage.delete(Self.accessorPrefix + self.hmac(entry.accessor))
        try await storage.delete(secretIDKey(role: role, hmac: hmac))
    }

    func secretIDHMACs(role: String) async throws -> [String] {
        try await storage.list(prefix: Self.secretIDPrefix + role + "/").filter { !$0.hasSuffix("/") }
    }

    /// Roles that have secret ids stored (folders under `secret_id/`), without the trailing `/`.
    func secretIDRoles() async throws -> [String] {
        try await storage.list(prefix: Self.secretIDPrefix).filter { $0.hasSuffix("/") }.map { String($0.dropLast()) }
    }

    // MARK: accessors

    func accessor(_ accessor: String) async throws -> AccessorEntry? { try await self.accessor(hash: hmac(accessor)) }

    func accessor(hash: String) async throws -> AccessorEntry? {
        guard let o = try await storage.getJSON(Self.accessorPrefix + hash)?.objectValue else { return nil }
        return AccessorEntry(json: o)
    }

    func put(_ entry: AccessorEntry, for accessor: String) async throws {
        try await storage.putJSON(Self.accessorPrefix + hmac(accessor), entry.json)
    }

    func accessorHashes() async throws -> [String] {
        try await storage.list(prefix: Self.accessorPrefix).filter { !$0.hasSuffix("/") }
    }

    func deleteAccessor(hash: String) async throws { try await storage.delete(Self.accessorPrefix + hash) }
}

/// The accessor index: which secret id (by HMAC) of which role an accessor names.
struct AccessorEntry: Sendable, Equatable {
    var secretIDHMAC: String
    var roleName: String

    init(secretIDHMAC: String, roleName: String) {
        self.secretIDHMAC = secretIDHMAC
        self.roleName = roleName
    }

    init(json o: [String: JSONValue]) {
        secretIDHMAC = o["secret_id_hmac"]?.stringValue ?? ""
        roleName = o["role_name"]?.stringValue ?? ""
    }

    var json: JSONValue { .object(["secret_id_hmac": .string(secretIDHMAC), "role_name": .string(roleName)]) }
}
