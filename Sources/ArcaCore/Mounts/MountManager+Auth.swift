import ArcaCrypto
import ArcaSDK

/// The auth table's side of the mount manager: the same actor serialises changes to both tables
/// and publishes one route table for them.
extension MountManager {
    /// The enabled auth methods, paths relative to `auth/`.
    package func authEntries() -> [MountEntry] { auth.entries }

    /// Changes the settings of the auth method at `path` (relative to `auth/`, e.g. `token`).
    package func tuneAuth(path rawPath: String, _ change: (inout MountEntry) throws -> Void) async throws {
        let path = Self.normalise(rawPath)
        guard var entry = auth.entry(at: path) else {
            throw LogicalError.invalidRequest("tune of path \"auth/\(path)\" failed: no mount entry found")
        }
        try change(&entry)
        let candidate = auth.replacing(entry)
        try await candidate.save(to: barrier)
        auth = candidate
        publish()
    }

    /// Enables an auth method of `type` at `auth/<path>`.
    package func enableAuth(
        path rawPath: String, type: String, description: String, options: [String: String], defaultLeaseTTL: Int,
        maxLeaseTTL: Int, local: Bool
    ) async throws {
        let path = Self.normalise(rawPath)
        guard path != "/" else { throw LogicalError.invalidRequest("auth path cannot be empty") }
        if path == "token/" || type == "token" {
            throw LogicalError.invalidRequest("token credential backend cannot be instantiated")
        }
        if let clash = auth.entries.first(where: { path.hasPrefix($0.path) || $0.path.hasPrefix(path) }) {
            throw LogicalError.invalidRequest("path is already in use at auth/\(clash.path)")
        }
        var entry = MountEntry(
            path: path, type: type, description: description,
            accessor: "auth_\(type)_\(Hex.encode(entropy.bytes(4)))", uuid: UUIDString.random(entropy))
        entry.table = .auth
        entry.options = options
        entry.defaultLeaseTTL = defaultLeaseTTL
        entry.maxLeaseTTL = maxLeaseTTL
        entry.local = local
        guard factory(entry) != nil else { throw LogicalError.invalidRequest("plugin not found in the catalog: \(type)") }
        let candidate = AuthTable(entries: auth.entries + [entry])
        try await candidate.save(to: barrier)
        auth = candidate
        publish()
    }

    /// Disables the auth method at `auth/<path>` and deletes what it stored. Its tokens are
    /// revoked first by the caller (`sys/auth` does it through the expiration manager).
    package func disableAuth(path rawPath: String) async throws {
        let path = Self.normalise(rawPath)
        if path == "token/" { throw LogicalError.invalidRequest("token credential backend cannot be disabled") }
        guard let entry = auth.entry(at: path) else { return }
        let backend = table.routes.first(where: { $0.entry.uuid == entry.uuid })?.backend
        let candidate = AuthTable(entries: auth.entries.filter { $0.path != path })
        try await candidate.save(to: barrier)
        auth = candidate
        publish()
        await backend?.cleanup()
        try await StorageTree.delete(barrier, prefix: entry.storagePrefix)
    }
}
