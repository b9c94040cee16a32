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
}
