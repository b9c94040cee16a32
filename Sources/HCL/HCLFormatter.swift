/// Prints an `HCLBody` in one canonical layout: two-space indentation, `key = value`, blocks as
/// `type "label" { ... }`, lists on one line. Comments are not kept.
public enum HCLFormatter {
    public static func format(_ body: HCLBody) -> String {
        var lines: [String] = []
        write(body, indent: 0, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ body: HCLBody, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: "  ", count: indent)
        let width = body.attributes.map { quoteKey($0.name).count }.max() ?? 0
        for a in body.attributes {
            let key = quoteKey(a.name)
            if case .object(let inner) = a.value {
                lines.append("\(pad)\(key) = {")
                write(inner, indent: indent + 1, into: &lines)
                lines.append("\(pad)}")
            } else {
                lines.append("\(pad)\(key)\(String(repeating: " ", count: width - key.count)) = \(value(a.value))")
            }
        }
        for (i, block) in body.blocks.enumerated() {
            if i > 0 || !body.attributes.isEmpty { lines.append("") }
            let labels = block.labels.map { " " + quote($0) }.joined()
            lines.append("\(pad)\(quoteKey(block.type))\(labels) {")
            write(block.body, indent: indent + 1, into: &lines)
            lines.append("\(pad)}")
        }
    }

    private static func value(_ v: HCLValue) -> String {
        switch v {
        case .string(let s): quote(s)
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .list(let items): "[" + items.map(value).joined(separator: ", ") + "]"
        case .object(let body):
            // Blocks too: an object may hold them (`{ a = 1, b "l" { } }`), and dropping them
            // would change the tree.
            "{ "
                + (body.attributes.map { "\(quoteKey($0.name)) = \(value($0.value))" }
                    + body.blocks.map { b in quoteKey(b.type) + b.labels.map { " " + quote($0) }.joined() + " " + value(.object(b.body)) })
                .joined(separator: ", ") + " }"
        }
    }

    /// A key or block type stays bare only when the lexer reads it back as one identifier
    /// (`-0` or `1a` would read as numbers, `a/b` not at all); otherwise it is quoted.
    private static func quoteKey(_ key: String) -> String {
        let scalars = key.unicodeScalars
        let bare = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            && scalars.first.map(Lexer.isIdentifierStart) == true && scalars.allSatisfy(Lexer.isIdentifierPart)
        return bare ? key : quote(key)
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
