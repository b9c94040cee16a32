import ArcaSDK
import FoundationEssentials

/// The AppRole routes. One value per mount: its locks and cached salt are shared by every request.
struct AppRoleBackend: Sendable {
    let now: @Sendable () -> Date
    /// Serialises role writes (key `roles`), each secret id's uses (key `secret/<HMAC>`) and tidy.
    let locks = KeyedLock()
    let salts = SaltCache()
    let decoded = AppRoleDecodedCaches()
    let tidySchedule = TidySchedule()

    static let rolesLock = "roles"
    static func secretLock(_ hmac: String) -> String { "secret/" + hmac }

    var router: PathRouter {
        PathRouter(
            paths: [roleListPath, rolePath] + roleFieldPaths + [
                roleIDPath, secretIDPath, secretIDLookupPath, secretIDDestroyPath, accessorLookupPath, accessorDestroyPath,
                customSecretIDPath, loginPath, tidyPath,
            ],
            unauthenticated: ["login"],
            cleanup: { [decoded, salts] in
                decoded.removeAll()
                salts.forget()
            },
            releaseCaches: { [decoded] in decoded.removeAll() },
            help: "The AppRole auth method lets machines log in with a role id and a secret id.")
    }

    func store(_ request: LogicalRequest) async throws -> AppRoleStore {
        AppRoleStore(storage: request.storage, salt: try await salts.salt(in: request.storage), decoded: decoded)
    }

    /// The role a request names, lower-cased.
    static func roleName(_ f: FieldData) throws -> String {
        let name = try f[RoleFields.roleName].lowercased()
        guard !name.isEmpty else { throw LogicalError.invalidRequest("missing role_name") }
        return name
    }

    /// Runs a read-modify-write of the role named in `f` under the roles lock.
    func mutateRole(
        _ req: LogicalRequest, _ f: FieldData, _ body: @Sendable (inout Role, AppRoleStore) async throws -> Void
    ) async throws {
        let name = try Self.roleName(f)
        let store = try await store(req)
        try await locks.withLock(Self.rolesLock) {
            guard var role = try await store.role(name) else { throw LogicalError.unsupportedPath }
            let previous = role.roleID
            try await body(&role, store)
            try await store.save(role, previousRoleID: previous)
        }
    }
}

/// Errors AppRole answers in more than one place.
enum AppRoleError {
    static let invalidCredentials = LogicalError.invalidRequest("invalid role or secret ID")
    static func roleMissing(_ name: String) -> LogicalError { .internalError("role \"\(name)\" does not exist") }
}
