import ArcaSDK
import ArcaWire

/// `sys/auth` and `sys/auth/<path>`: list, read, enable and disable auth methods. The table holds
/// the token store for now; enabling other methods arrives with them (issue 5).
struct AuthTablePaths: Sendable {
    let mounts: MountManager

    enum Fields {
        static let type = Field<String>("type", description: "The auth method type, e.g. userpass.")
        static let all = [
            type.spec, Field<String>("description", description: "A human-friendly description.").spec,
            Field<[String: JSONValue]>("config", description: "default_lease_ttl, max_lease_ttl, ...").spec,
            Field<[String: JSONValue]>("options", description: "Method options.").spec,
            Field<Bool>("local", description: "Not replicated.").spec,
            Field<Bool>("seal_wrap", description: "Seal-wrap the method's storage.").spec,
            Field<String>("plugin_version", description: "Plugin version.").spec,
        ]
    }

    var paths: [Path] {
        [
            Path("auth/?", operations: [.read: list], synopsis: "List enabled auth methods."),
            Path("auth/{path*}", fields: Fields.all, operations: [.read: read, .update: enable, .delete: disable],
                 synopsis: "Read, enable or disable an auth method."),
        ]
    }

    static func path(_ f: FieldData) -> String { MountManager.normalise(f.raw["path"]?.stringValue ?? "") }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(Dictionary(uniqueKeysWithValues: await mounts.authEntries().map { ($0.path, $0.wireJSON) }))
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let path = Self.path(f)
        guard let entry = await mounts.authEntries().first(where: { $0.path == path }) else {
            throw LogicalError.invalidRequest("No auth engine at \(path)")
        }
        return .data(entry.wireJSON.objectValue ?? [:])
    }

    @Sendable func enable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let type = try f[Fields.type]
        guard !type.isEmpty else { throw LogicalError.invalidRequest("backend type must be specified as a string") }
        if Self.path(f) == "token/" { throw LogicalError.invalidRequest("token credential backend cannot be instantiated") }
        throw LogicalError.invalidRequest("plugin not found in the catalog: \(type)")
    }

    @Sendable func disable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        if Self.path(f) == "token/" { throw LogicalError.invalidRequest("token credential backend cannot be disabled") }
        return nil
    }
}
