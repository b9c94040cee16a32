import ArcaSDK
import ArcaWire

/// `sys/mounts/<path>/tune` and `sys/auth/<path>/tune`: read and change the settings of a secrets
/// engine or auth method. The CLI tunes auth methods through `sys/mounts/auth/<path>/tune`, so a
/// mount path under `auth/` reaches the auth table from either route.
struct TunePaths: Sendable {
    let mounts: MountManager

    var paths: [Path] {
        [
            Path("mounts/{path*}/tune", fields: TuneRequest.Fields.all, operations: [.read: readMount, .update: tuneMount],
                 synopsis: "Read or tune a mount's settings."),
            Path("auth/{path*}/tune", fields: TuneRequest.Fields.all, operations: [.read: readAuth, .update: tuneAuth],
                 synopsis: "Read or tune an auth method's settings."),
        ]
    }

    /// The captured mount path with its trailing slash, from the root: `secret/`, `auth/token/`.
    static func fullPath(_ f: FieldData, auth: Bool) -> String {
        (auth ? "auth/" : "") + MountManager.normalise(f.raw["path"]?.stringValue ?? "")
    }

    func entry(at fullPath: String) async -> MountEntry? {
        if fullPath == MountManager.systemEntry.path { return MountManager.systemEntry }
        if fullPath.hasPrefix("auth/") {
            let path = String(fullPath.dropFirst("auth/".count))
            return await mounts.authEntries().first { $0.path == path }
        }
        return await mounts.list().first { $0.path == fullPath }
    }

    @Sendable func readMount(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await read(Self.fullPath(f, auth: false))
    }

    @Sendable func readAuth(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await read(Self.fullPath(f, auth: true))
    }

    @Sendable func tuneMount(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await tune(Self.fullPath(f, auth: false), f)
    }

    @Sendable func tuneAuth(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await tune(Self.fullPath(f, auth: true), f)
    }

    /// The settings with the system's TTLs standing in for zero ones; empty lists and visibility
    /// left out; the token type for auth methods.
    func read(_ fullPath: String) async throws -> LogicalResponse? {
        guard let entry = await entry(at: fullPath) else {
            throw LogicalError.invalidRequest("cannot fetch sysview for path \"\(fullPath)\"")
        }
        let ttls = mounts.systemTTLs.effective(entry)
        var data = entry.wireConfig
        data["default_lease_ttl"] = .int(ttls.defaultTTL)
        data["max_lease_ttl"] = .int(ttls.maxTTL)
        data["description"] = .string(entry.description)
        if !entry.options.isEmpty { data["options"] = .object(entry.options.mapValues(JSONValue.string)) }
        // The tune read shows the lockout settings beside the others, not nested as `sys/auth` does.
        if let lockout = entry.tuning.userLockout { data.merge(lockout.wireFields) { $1 } }
        data["user_lockout_config"] = nil
        return .data(data)
    }

    func tune(_ fullPath: String, _ f: FieldData) async throws -> LogicalResponse? {
        guard await entry(at: fullPath) != nil else {
            throw LogicalError.invalidRequest("tune of path \"\(fullPath)\" failed: no mount entry found")
        }
        if fullPath == MountManager.systemEntry.path {
            if let name = TuneRequest.Fields.systemFixed.first(where: { name in f.raw[name].map { $0 != .null } ?? false }) {
                throw LogicalError.invalidRequest("cannot tune parameter \(name) of sys/")
            }
            return nil
        }
        let request = try TuneRequest(f)
        if fullPath.hasPrefix("auth/") {
            try await mounts.tuneAuth(path: String(fullPath.dropFirst("auth/".count))) { $0 = try request.applied(to: $0) }
        } else {
            try await mounts.tune(path: fullPath) { $0 = try request.applied(to: $0) }
        }
        return nil
    }
}
