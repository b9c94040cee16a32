import ArcaWire

#if canImport(Glibc)
import Glibc
#endif

/// Where command output goes, and in which format.
enum Output {
    static func printJSON(_ value: JSONValue) {
        print(JSONWriter.string(value, pretty: true))
    }

    /// Minimal YAML for the flat and nested objects the CLI prints.
    static func yaml(_ value: JSONValue, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let o):
            return o.keys.sorted().map { key in
                let v = o[key]!
                switch v {
                case .object(let inner) where !inner.isEmpty: return "\(pad)\(key):\n" + yaml(v, indent: indent + 1)
                case .array(let items) where !items.isEmpty:
                    return "\(pad)\(key):\n" + items.map { "\(pad)- \(scalar($0))" }.joined(separator: "\n")
                default: return "\(pad)\(key): \(scalar(v))"
                }
            }.joined(separator: "\n")
        default:
            return pad + scalar(value)
        }
    }

    private static func scalar(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.literal
        case .string(let s): s.isEmpty || s.contains(":") || s.contains("#") ? "\"\(s)\"" : s
        case .array(let a) where a.isEmpty: "[]"
        case .object(let o) where o.isEmpty: "{}"
        default: JSONWriter.string(v)
        }
    }

    static func printError(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Prints `json` or `rows` according to `format`.
    static func emit(_ format: OutputFormat, json: JSONValue, rows: @autoclosure () -> [(String, String)], header: Bool = true) {
        switch format {
        case .json: printJSON(json)
        case .yaml: print(yaml(json))
        case .table: print(TableFormatter.render(rows(), header: header))
        }
    }
}
