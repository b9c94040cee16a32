import ArcaSDK
import ArcaWire

/// `sys/audit` (list), `sys/audit/<path>` (enable, disable) and `sys/audit-hash/<path>`. Enabling
/// over the API needs the config's `unsafe_allow_api_audit_creation`; declared devices stay.
struct AuditPaths: Sendable {
    let audit: AuditBroker

    enum Fields {
        static let type = Field<String>("type", description: "The device type: file, socket or syslog.")
        static let description = Field<String>("description", description: "A human-friendly description.")
        static let options = Field<[String: JSONValue]>("options", description: "The device's options, e.g. file_path.")
        static let local = Field<Bool>("local", description: "Not replicated (kept for Vault compatibility).")
        static let input = Field<String>("input", description: "The text to hash.")
    }

    var paths: [Path] {
        [
            Path("audit-hash/{path*}", fields: [Fields.input.spec], operations: [.update: hash],
                 synopsis: "Hash a value as an audit device's log would show it."),
            Path("audit/?", operations: [.read: list], synopsis: "List the enabled audit devices."),
            Path("audit/{path*}",
                 fields: [Fields.type.spec, Fields.description.spec, Fields.options.spec, Fields.local.spec],
                 operations: [.update: enable, .delete: disable], synopsis: "Enable or disable an audit device."),
        ]
    }

    static func devicePath(_ f: FieldData) -> String { f.raw["path"]?.stringValue ?? "" }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(Dictionary(uniqueKeysWithValues: await audit.list().map { ($0.path, $0.wireJSON) }))
    }

    @Sendable func enable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        // Options are strings in Vault; numbers and booleans given as JSON are taken as their text.
        let options = try f[Fields.options].compactMapValues { v -> String? in
            switch v {
            case .string(let s): s
            case .bool(let b): b ? "true" : "false"
            case .number(let n): n.literal
            default: nil
            }
        }
        try await audit.enableFromAPI(
            path: Self.devicePath(f), type: try f[Fields.type], description: try f[Fields.description], options: options,
            local: try f[Fields.local])
        return nil
    }

    @Sendable func disable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await audit.disableFromAPI(path: Self.devicePath(f))
        return nil
    }

    @Sendable func hash(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let input = try f[Fields.input]
        guard !input.isEmpty else { throw LogicalError.invalidRequest("the \"input\" parameter is empty") }
        return .data(["hash": .string(try audit.hash(path: Self.devicePath(f), input: input))])
    }
}
