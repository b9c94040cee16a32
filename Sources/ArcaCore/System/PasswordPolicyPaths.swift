import ArcaSDK
import ArcaWire

/// `sys/policies/password/<name>` and `.../generate`.
struct PasswordPolicyPaths: Sendable {
    let store: PasswordPolicyStore

    static let name = Field<String>("name", description: "The password policy's name.")
    static let policy = Field<String>("policy", description: "The policy: length and charset rules, in HCL.")

    var paths: [Path] {
        [
            Path("policies/password/?", operations: [.list: list], synopsis: "List password policies."),
            Path("policies/password/{name}/generate", fields: [Self.name.spec], operations: [.read: generate],
                 synopsis: "Generate a password from a policy."),
            Path("policies/password/{name}", fields: [Self.name.spec, Self.policy.spec],
                 operations: [.read: read, .update: write, .delete: delete], synopsis: "Manage a password policy."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let names = try await store.names()
        return names.isEmpty ? nil : .list(names)
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let text = try await store.text(try f[Self.name]) else { throw PasswordPolicyStore.notFound }
        return .data(["policy": .string(text)])
    }

    @Sendable func write(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let text = try f[Self.policy]
        guard !text.isEmpty else { throw LogicalError.invalidRequest("missing policy") }
        try await store.put(try f[Self.name], text: text)
        return nil
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await store.delete(try f[Self.name])
        return nil
    }

    @Sendable func generate(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(["password": .string(try await store.generate(policy: try f[Self.name]))])
    }
}
