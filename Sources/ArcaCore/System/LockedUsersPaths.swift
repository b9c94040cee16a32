import ArcaSDK
import ArcaWire

/// `sys/locked-users` (the aliases user lockout holds now, by namespace and auth mount accessor)
/// and `sys/locked-users/<mount accessor>/unlock/<alias>`. Neither needs `sudo`, as in OpenBao.
struct LockedUsersPaths: Sendable {
    let lockout: UserLockout
    let mounts: MountManager

    static let mountAccessor = Field<String>("mount_accessor", description: "The auth mount's accessor.")
    static let alias = Field<String>("alias_identifier", description: "The locked alias (a user name, a role id).")

    var paths: [Path] {
        [
            Path("locked-users", fields: [Self.mountAccessor.spec], operations: [.read: list],
                 synopsis: "List the locked users, by namespace and auth mount."),
            Path("locked-users/{mount_accessor}/unlock/{alias_identifier*}", fields: [Self.mountAccessor.spec, Self.alias.spec],
                 operations: [.update: unlock], synopsis: "Unlock a locked user."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let only = try f[Self.mountAccessor]
        let entries = await mounts.authEntries().filter { only.isEmpty || $0.accessor == only }
        var accessors: [(accessor: String, aliases: [String])] = []
        for entry in entries {
            let aliases = try await lockout.lockedAliases(on: entry)
            if !aliases.isEmpty { accessors.append((entry.accessor, aliases)) }
        }
        // OpenBao names the asked-for accessor even when nothing on it is locked.
        if !only.isEmpty && accessors.isEmpty { accessors = [(only, [])] }
        accessors.sort { $0.aliases.count != $1.aliases.count ? $0.aliases.count > $1.aliases.count : $0.accessor < $1.accessor }
        let total = accessors.reduce(0) { $0 + $1.aliases.count }
        let byAccessor: [JSONValue] = accessors.map { a in
            [
                "mount_accessor": .string(a.accessor), "counts": .int(a.aliases.count),
                "alias_identifiers": a.aliases.isEmpty ? .null : .strings(a.aliases),
            ]
        }
        let root: JSONValue = [
            "namespace_id": "root", "namespace_path": "", "counts": .int(total), "mount_accessors": .array(byAccessor),
        ]
        return .data(["by_namespace": [root], "total": .int(total)])
    }

    @Sendable func unlock(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let accessor = try f[Self.mountAccessor], alias = try f[Self.alias]
        guard !alias.isEmpty else { throw LogicalError.invalidRequest("missing alias_identifier") }
        try await lockout.unlock(accessor: accessor, alias: alias)
        return nil
    }
}
