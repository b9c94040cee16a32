import ArcaSDK

/// Dynamic user names. The default is Vault's PostgreSQL shape,
/// `v-<display name ≤8>-<role ≤8>-<20 random>-<unix time>`, cut to PostgreSQL's 63 bytes.
/// A custom `username_template` may use `{{.DisplayName}}`, `{{.RoleName}}`, `{{random N}}`,
/// `{{unix_time}}`, `{{unix_time_millis}}`, with `| truncate N`, `| lowercase`, `| uppercase`,
/// `| replace "a" "b"` pipes.
///
/// The display name comes from the caller (a JWT claim, a token's `display_name`), so the inputs
/// are cut down to `safeCharacters` (anything else becomes `_`) before the template sees them,
/// and a rendered name must consist of those characters only: a user name can never carry a
/// quote, a space, `;` or a comment mark into the SQL statements it is substituted into.
enum UsernameTemplate {
    static let defaultTemplate =
        "v-{{.DisplayName | truncate 8}}-{{.RoleName | truncate 8}}-{{random 20}}-{{unix_time}}"
    static let maxLength = 63

    /// What a generated user name may hold: ASCII letters and digits, `_`, `-`, `.` and `@`.
    static func isSafe(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == "@")
    }

    /// An input with every character outside `isSafe` replaced by `_`.
    static func sanitize(_ input: String) -> String {
        String(input.map { isSafe($0) ? $0 : "_" })
    }

    struct Context {
        var displayName: String
        var roleName: String
        var now: Double
    }

    static func render(_ template: String, _ context: Context) throws -> String {
        var out = ""
        var rest = Substring(template.isEmpty ? defaultTemplate : template)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                throw LogicalError.invalidRequest("unable to parse username template: unclosed action")
            }
            out += try evaluate(String(rest[open.upperBound..<close.lowerBound]), context)
            rest = rest[close.upperBound...]
        }
        out += rest
        let name = template.isEmpty ? String(out.prefix(maxLength)) : out
        guard !name.isEmpty, name.allSatisfy(isSafe) else {
            throw LogicalError.invalidRequest(
                "username template produced a name that is empty or holds characters other than letters, digits, _, -, . and @")
        }
        return name
    }

    static func evaluate(_ action: String, _ context: Context) throws -> String {
        let stages = action.split(separator: "|").map { StatementTemplate.trim(String($0)) }
        guard let head = stages.first else { return "" }
        var value: String
        let words = head.split(separator: " ").map(String.init)
        switch words.first ?? "" {
        case ".DisplayName": value = sanitize(context.displayName)
        case ".RoleName": value = sanitize(context.roleName)
        case "unix_time": value = String(Int64(context.now))
        case "unix_time_millis": value = String(Int64(context.now * 1000))
        case "random":
            guard words.count == 2, let n = Int(words[1]), n > 0, n <= 128 else {
                throw LogicalError.invalidRequest("unable to parse username template: bad random length")
            }
            value = PasswordGenerator.random(n, alphabet: PasswordGenerator.alphanumeric)
        default: throw LogicalError.invalidRequest("unable to parse username template: unknown action \"\(head)\"")
        }
        for stage in stages.dropFirst() {
            let parts = stage.split(separator: " ").map(String.init)
            switch parts.first ?? "" {
            case "truncate":
                guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                    throw LogicalError.invalidRequest("unable to parse username template: bad truncate")
                }
                value = String(value.prefix(n))
            case "lowercase": value = value.lowercased()
            case "uppercase": value = value.uppercased()
            case "replace":
                guard parts.count == 3 else { throw LogicalError.invalidRequest("unable to parse username template: bad replace") }
                value = value.replacing(unquote(parts[1]), with: unquote(parts[2]))
            default: throw LogicalError.invalidRequest("unable to parse username template: unknown function \"\(stage)\"")
            }
        }
        return value
    }

    static func unquote(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }
}
