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
    /// The mount's HMAC key, prepared (`SaltCache`).
    let salt: AuthCrypto.HMACSHA256.Key
    /// The mount's decoded entries, reused while their stored bytes are unchanged (each login reads
    /// the role id index, the role, the secret id and its accessor entry).
    var decoded: AppRoleDecodedCaches? = nil

    static let rolePrefix = "role/"
    static let roleIDPrefix = "role_id/"
    static let secretIDPrefix = "secret_id/"
    static let accessorPrefix = "accessor/"

    func hmac(_ value: String) -> String { salt.hex(value.utf8) }

    // MARK: roles

    func role(_ name: String) async throws -> Role? {
        try await storage.getDecoded(Self.rolePrefix + name.lowercased(), cache: decoded?.roles) { Role(json: $0) }
    }

    /// Role names in order, those after `after` only, at most `limit` (0: all).
    func roleNames(after: String = "", limit: Int = 0) async throws -> [String] {
        let names = try await storage.list(prefix: Self.rolePrefix).filter { !$0.hasSuffix("/") && $0 > after }
        return limit > 0 ? Array(names.prefix(limit)) : names
    }

    /// The role a role id logs in to.
    func roleName(forRoleID roleID: String) async throws -> String? {
        try await storage.getDecoded(Self.roleIDPrefix + hmac(roleID), cache: decoded?.roleNames) { $0["name"]?.stringValue }
            ?? nil
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
        try await storage.getDecoded(secretIDKey(role: role, hmac: hmac), cache: decoded?.secretIDs) { SecretIDEntry(json: $0) }
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
        try await storage.getDecoded(Self.accessorPrefix + hash, cache: decoded?.accessors) { AccessorEntry(json: $0) }
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

/// Bounded caches of decoded AppRole entries, one set per mount (`DecodedCache`: a hit needs the
/// bytes read now to be the bytes it was decoded from, so no write path can leave one stale).
final class AppRoleDecodedCaches: Sendable {
    let roles = DecodedCache<Role>(limit: 256)
    let roleNames = DecodedCache<String?>(limit: 256)
    let secretIDs = DecodedCache<SecretIDEntry>(limit: 1024)
    let accessors = DecodedCache<AccessorEntry>(limit: 1024)

    /// Empties every cache (the mount goes away or the core seals).
    func removeAll() {
        roles.removeAll()
        roleNames.removeAll()
        secretIDs.removeAll()
        accessors.removeAll()
    }
}
