import ArcaSDK
import ArcaWire

/// `sys/policy`, `sys/policies/acl` and `sys/capabilities*`.
struct PolicyPaths: Sendable {
    let policies: PolicyStore
    let tokens: TokenStore

    enum Fields {
        static let policy = Field<String>("policy", description: "The policy document (HCL or JSON).")
        static let rules = Field<String>("rules", description: "Deprecated name for policy.")
        static let token = Field<String>("token", description: "The token to check.")
        static let accessor = Field<String>("accessor", description: "The accessor of the token to check.")
        static let path = Field<[String]>("path", description: "Paths to check.")
        static let paths = Field<[String]>("paths", description: "Paths to check.")
    }

    var paths: [Path] {
        [
            Path("policy/?", operations: [.read: listLegacy, .list: listLegacy], synopsis: "List ACL policies."),
            Path("policy/{name}", fields: [Fields.policy.spec, Fields.rules.spec],
                 operations: [.read: readLegacy, .update: write, .delete: delete], synopsis: "Manage an ACL policy."),
            Path("policies/acl/?", operations: [.list: list], synopsis: "List ACL policies."),
            Path("policies/acl/{name}", fields: [Fields.policy.spec],
                 operations: [.read: read, .update: write, .delete: delete], synopsis: "Manage an ACL policy."),
            Path("capabilities", fields: [Fields.token.spec, Fields.path.spec, Fields.paths.spec],
                 operations: [.update: capabilities], synopsis: "A token's capabilities on paths."),
            Path("capabilities-self", fields: [Fields.token.spec, Fields.path.spec, Fields.paths.spec],
                 operations: [.update: capabilitiesSelf], synopsis: "The caller's capabilities on paths."),
            Path("capabilities-accessor", fields: [Fields.accessor.spec, Fields.path.spec, Fields.paths.spec],
                 operations: [.update: capabilitiesAccessor], synopsis: "Capabilities of a token given by accessor."),
        ]
    }

    static func name(_ f: FieldData) -> String { (f.raw["name"]?.stringValue ?? "").lowercased() }

    @Sendable func listLegacy(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let names = policies.names()
        return .data(["keys": .strings(names), "policies": .strings(names)])
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .list(policies.names())
    }

    @Sendable func readLegacy(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let p = policies.get(Self.name(f)) else { return nil }
        return .data(["name": .string(p.name), "rules": .string(p.raw)])
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let p = policies.get(Self.name(f)) else { return nil }
        return .data(["name": .string(p.name), "policy": .string(p.raw)])
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var text = try f[Fields.policy]
        if text.isEmpty { text = try f[Fields.rules] }
        // Clients may send the policy base64-encoded.
        if !text.contains("path"), let decoded = Base64.decode(text) {
            text = String(decoding: decoded, as: UTF8.self)
        }
        try await policies.put(name: Self.name(f), text: text)
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await policies.delete(Self.name(f))
        return nil
    }

    func answer(_ entry: TokenEntry, _ f: FieldData) throws -> LogicalResponse {
        let requested = try f[Fields.paths] + f[Fields.path]
        guard !requested.isEmpty else { throw LogicalError.invalidRequest("missing path") }
        let acl = policies.acl(entry.policies)
        var data: [String: JSONValue] = [:]
        for path in requested {
            var p = path
            while p.hasPrefix("/") { p.removeFirst() }
            data[path] = .strings(acl.capabilities(p))
        }
        if requested.count == 1 { data["capabilities"] = data[requested[0]] }
        return .data(data)
    }

    @Sendable func capabilities(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try f[Fields.token]
        guard let entry = try await tokens.lookup(id.isEmpty ? (req.clientToken ?? "") : id, includingSpent: id.isEmpty) else {
            throw LogicalError.invalidRequest("invalid token")
        }
        return try answer(entry, f)
    }

    @Sendable func capabilitiesSelf(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let entry = try await tokens.lookup(req.clientToken ?? "", includingSpent: true) else { throw LogicalError.permissionDenied }
        return try answer(entry, f)
    }

    @Sendable func capabilitiesAccessor(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let entry = try await tokens.lookup(accessor: try f[Fields.accessor]) else {
            throw LogicalError.invalidRequest("invalid accessor")
        }
        return try answer(entry, f)
    }
}
