import ArcaSDK
import ArcaWire

/// The logical `sys/` backend for what is not served by the HTTP layer's seal endpoints:
/// mounts. Tuning, the auth table and the UI mount lookup the CLIs use to detect KV v2 have
/// their own files (`TunePaths`, `AuthTablePaths`, `UIMountPaths`).
struct SystemBackend: Sendable {
    let mounts: MountManager
    let policies: PolicyStore
    let tokens: TokenStore
    let expiration: ExpirationManager
    let wrapper: ResponseWrapper
    let audit: AuditBroker
    let lockout: UserLockout

    enum Fields {
        static let type = Field<String>("type", description: "The engine type, e.g. kv.")
        static let description = Field<String>("description", description: "A human-friendly description.")
        static let config = Field<[String: JSONValue]>("config", description: "default_lease_ttl, max_lease_ttl, ...")
        static let options = Field<[String: JSONValue]>("options", description: "Engine options, e.g. version.")
        static let from = Field<String>("from", description: "The mount to move.")
        static let to = Field<String>("to", description: "Where to move it.")
    }

    var router: PathRouter {
        let mountFields = [Fields.type.spec, Fields.description.spec, Fields.config.spec, Fields.options.spec,
                           Field<Bool>("local", description: "Not replicated.").spec,
                           Field<Bool>("seal_wrap", description: "Seal-wrap the mount's storage.").spec,
                           Field<String>("plugin_version", description: "Plugin version.").spec]
        return PathRouter(
            paths: TunePaths(mounts: mounts).paths + AuthTablePaths(mounts: mounts, expiration: expiration).paths + [
                Path("mounts/?", operations: [.read: listMounts], synopsis: "List the mounted secrets engines."),
                Path("mounts/{path*}", fields: mountFields, operations: [.read: readMount, .update: enable, .delete: disable],
                     synopsis: "Enable, read or disable a secrets engine."),
                Path("remount", fields: [Fields.from.spec, Fields.to.spec], operations: [.update: remount],
                     synopsis: "Move a secrets engine to another path."),
                Path("remount/status/{migration_id}", operations: [.read: remountStatus],
                     synopsis: "The outcome of a mount move."),
            ] + UIMountPaths(mounts: mounts, policies: policies, tokens: tokens).paths
                + PolicyPaths(policies: policies, tokens: tokens).paths
                + LeasePaths(expiration: expiration, clock: tokens.clock).paths
                + WrappingPaths(wrapper: wrapper).paths + AuditPaths(audit: audit).paths
                + PasswordPolicyPaths(store: PasswordPolicyStore(storage: tokens.storage)).paths
                + LockedUsersPaths(lockout: lockout, mounts: mounts).paths,
            help: "The system backend.")
    }

    static func mountPath(_ f: FieldData) -> String { MountManager.normalise(f.raw["path"]?.stringValue ?? "") }

    func allEntries() async -> [MountEntry] { [MountManager.systemEntry] + (await mounts.list()) }

    @Sendable func listMounts(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(Dictionary(uniqueKeysWithValues: await allEntries().map { ($0.path, $0.wireJSON) }))
    }

    @Sendable func readMount(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let path = Self.mountPath(f)
        guard let entry = await allEntries().first(where: { $0.path == path }) else {
            throw LogicalError.invalidRequest("No secret engine mount at \(path)")
        }
        return .data(entry.wireJSON.objectValue ?? [:])
    }

    @Sendable func enable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let type = try f[Fields.type]
        guard !type.isEmpty else { throw LogicalError.invalidRequest("backend type must be specified as a string") }
        let config = try f[Fields.config]
        let options = try f[Fields.options].compactMapValues { v -> String? in
            v.stringValue ?? v.int64Value.map { String($0) }
        }
        var resolvedType = type
        var resolvedOptions = options
        // `kv-v2` is Vault's shorthand for kv with version 2.
        if type == "kv-v2" {
            resolvedType = "kv"
            resolvedOptions["version"] = "2"
        }
        try await mounts.enable(
            path: Self.mountPath(f), type: resolvedType, description: try f[Fields.description], options: resolvedOptions,
            defaultLeaseTTL: try Self.ttl(config["default_lease_ttl"]), maxLeaseTTL: try Self.ttl(config["max_lease_ttl"]))
        return nil
    }

    static func ttl(_ raw: JSONValue?) throws -> Int {
        guard let raw, raw != .null else { return 0 }
        do {
            return try Int.coerce(raw, as: .durationSeconds)
        } catch {
            throw LogicalError.invalidRequest("invalid lease TTL: \(error.message)")
        }
    }

    @Sendable func disable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let path = Self.mountPath(f)
        if MountManager.reserved.contains(where: { path.hasPrefix($0) }) {
            throw LogicalError.invalidRequest("cannot unmount \"\(path)\"")
        }
        // The mount's leases go first; a lease its engine cannot revoke keeps the mount.
        try await expiration.revokePrefix(path)
        try await mounts.disable(path: path)
        return nil
    }

    @Sendable func remount(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try await mounts.remount(from: try f[Fields.from], to: try f[Fields.to])
        return LogicalResponse(data: ["migration_id": .string(id)], warnings: ["Mount move completed; migration_id \(id)"])
    }

    @Sendable func remountStatus(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = f.raw["migration_id"]?.stringValue ?? ""
        guard let m = await mounts.migration(id) else { return nil }
        return .data([
            "migration_id": .string(id),
            "migration_info": ["source_mount": .string(m.source), "target_mount": .string(m.target), "status": "success"],
        ])
    }
}
