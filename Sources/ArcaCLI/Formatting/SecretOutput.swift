import ArcaWire

/// Prints a response envelope's data the way the Vault CLI does: a key/value table, `-field`
/// for one value, or the whole envelope as JSON.
enum SecretOutput {
    /// A value as the table shows it: strings bare, everything else as compact JSON.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .null: "<nil>"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.literal
        default: JSONWriter.string(v)
        }
    }

    /// The rows the Vault CLI prints for an `auth` block (`token`, `token_accessor`, ...).
    static func authTable(_ auth: JSONValue) -> [(String, String)] {
        guard case .object(let a) = auth else { return [] }
        func list(_ key: String) -> String { "[" + (a[key]?.arrayValue?.compactMap(\.stringValue) ?? []).joined(separator: " ") + "]" }
        let meta = (a["metadata"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { ("token_meta_" + $0.key, text($0.value)) }
        return [
            ("token", a["client_token"]?.stringValue ?? ""), ("token_accessor", a["accessor"]?.stringValue ?? ""),
            ("token_duration", HumanDuration.format(a["lease_duration"]?.int64Value ?? 0)),
            ("token_renewable", a["renewable"].map(text) ?? "false"),
            ("token_policies", list("token_policies")), ("identity_policies", list("identity_policies")),
            ("policies", list("policies")),
        ] + meta
    }

    static func rows(_ data: [String: JSONValue]) -> [(String, String)] {
        data.keys.sorted().map { ($0, text(data[$0]!)) }
    }

    /// Prints `envelope` for `format`, or one field's value. Returns false when the field is absent.
    @discardableResult
    static func emit(_ envelope: ResponseEnvelope, format: OutputFormat, field: String?, data: [String: JSONValue]? = nil) -> Bool {
        let shown = data ?? envelope.data.objectValue ?? [:]
        let authRows = Dictionary(authTable(envelope.auth), uniquingKeysWith: { a, _ in a })
        if let field {
            let source = shown[field].map(text) ?? authRows[field]
            guard let value = source else {
                Output.printError("Field \"\(field)\" not present in secret")
                return false
            }
            print(value, terminator: "")
            return true
        }
        switch format {
        case .json: Output.printJSON(envelope.json)
        case .yaml: print(Output.yaml(envelope.json))
        case .table:
            let rows = authTable(envelope.auth) + self.rows(shown)
            print(TableFormatter.render(rows))
        }
        return true
    }
}
