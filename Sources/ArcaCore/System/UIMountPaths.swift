import ArcaSDK
import ArcaWire

/// `sys/internal/ui/mounts` (the mounts the caller may use) and `sys/internal/ui/mounts/<path>`
/// (the mount serving a path), which the CLIs call to tell KV v1 from v2. As in Vault, a mount is
/// shown only to a token whose policies grant some capability at or below the mount's path, so
/// a default-policy token learns neither the other mounts nor their accessors.
struct UIMountPaths: Sendable {
    let mounts: MountManager
    let policies: PolicyStore
    let tokens: TokenStore

    var paths: [Path] {
        [
            Path("internal/ui/mounts/?", operations: [.read: list], synopsis: "Mounts the caller can see."),
            Path("internal/ui/mounts/{path*}", operations: [.read: read], synopsis: "The mount serving a path."),
        ]
    }

    /// The caller's ACL, or `nil` for a request without a valid token.
    func callerACL(_ req: LogicalRequest) async throws -> ACL? {
        guard let token = req.clientToken, !token.isEmpty, let caller = try await tokens.lookup(token) else { return nil }
        return policies.acl(caller.policies)
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let acl = try await callerACL(req)
        func visible(_ entries: [MountEntry], under root: String) -> JSONValue {
            var out: [String: JSONValue] = [:]
            for entry in entries where acl?.hasAccess(under: root + entry.path) == true {
                out[entry.path] = entry.wireJSON
            }
            return .object(out)
        }
        let secret = [MountManager.systemEntry] + (await mounts.list())
        return .data(["secret": visible(secret, under: ""), "auth": visible(await mounts.authEntries(), under: "auth/")])
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let path = f.raw["path"]?.stringValue ?? ""
        let denied = LogicalError.coded(
            status: 403,
            message: "preflight capability check returned 403, please ensure client's policies grant access to path \"\(path)/\"")
        guard let (route, _) = mounts.table.match(path), let acl = try await callerACL(req),
            acl.hasAccess(under: route.entry.path)
        else { throw denied }
        var data = route.entry.wireJSON.objectValue ?? [:]
        data["path"] = .string(route.entry.path)
        return .data(data)
    }
}
