import ArcaFuzzing
import HCL

/// The HCL parser and formatter: any text parses or fails with a position inside the text;
/// whatever parses is formatted, and the formatted text parses to the same tree and formats the
/// same way again.
enum HCLFuzz {
    static let target = FuzzTarget(
        name: "hcl",
        seeds: [
            """
            path "secret/data/*" {
              capabilities = ["create", "read", "update"]
              allowed_parameters = { "ttl" = ["1h", "2h"], "*" = [] }
              min_wrapping_ttl = "1s"
              max_wrapping_ttl = 90
            }
            path "auth/token/create/+" = { policy = "write" }
            """,
            """
            storage "sqlite" { path = "/var/lib/arca/arca.db" }
            listener "tcp" {
              address = "127.0.0.1:8200"
              tls_disable = true
              http_read_header_timeout = "10s"
            }
            ui = true
            default_lease_ttl = "768h"
            seal "transit" { mount_path = "transit/", key_name = "autounseal" }
            """,
            """
            a = <<EOF
            heredoc "text" { }
            EOF
            b = <<-EOT
                indented
              EOT
            n = [-1.5e3, 0x1F, 0640, 42, 9223372036854775808] /* c */ # d
            // e
            o = { "k" = { x = ["\\u00e9\\n", true] }, y: false }
            "quoted key" = "\\"esc\\" \\t"
            """,
        ],
        dictionary: [
            "{", "}", "[", "]", "\"", "\\", "=", ",", ":", "\n", "#", "//", "/*", "*/", "<<EOF\n", "<<-EOF\n", "EOF", "\\u",
            "\\uD83D", "\\U0001F511", "-", "0x", "0", "1e", "true", "false", "path \"x\" ", "path ", " ", "\t", "\r\n", "é",
            "🔑", "\u{0}", "${", "%{", "capabilities = ", "[\"read\"]",
        ],
        generator: { rng in Array(HCLFormatter.format(randomBody(&rng, depth: 0)).utf8) },
        body: .sync(check))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        let text = String(decoding: bytes, as: UTF8.self)
        let body: HCLBody
        do {
            body = try HCLParser.parse(text, filename: "fuzz.hcl")
        } catch {
            let lines = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
            try fuzzRequire(!error.message.isEmpty, "empty error message")
            try fuzzRequire(error.filename == "fuzz.hcl", "error lost the filename")
            try fuzzRequire((1...lines).contains(error.line), "error line \(error.line) outside 1...\(lines)")
            try fuzzRequire(error.column >= 1, "error column \(error.column)")
            return .rejected
        }
        let formatted = HCLFormatter.format(body)
        let reparsed: HCLBody
        do {
            reparsed = try HCLParser.parse(formatted)
        } catch {
            throw FuzzViolation("formatted text does not parse (\(error)): \(formatted.debugDescription)")
        }
        try fuzzRequire(
            reparsed.withoutPositions == body.withoutPositions,
            "formatting changed the tree: \(formatted.debugDescription)")
        try fuzzRequire(HCLFormatter.format(reparsed) == formatted, "formatting is not stable")
        return .accepted
    }

    static let identifiers = ["address", "path", "a", "x-y", "_u", "n9", "clé", "true", "capabilities"]
    static let numbers = ["0", "-1", "8200", "-9223372036854775808", "18446744073709551616", "1.5", "6.02e23", "0x1F", "0640"]
    static let zero = SourcePosition(line: 0, column: 0)

    static func randomBody(_ rng: inout FuzzRandom, depth: Int) -> HCLBody {
        var body = HCLBody()
        for _ in 0..<rng.below(depth == 0 ? 5 : 3) {
            let name = rng.oneIn(4) ? rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(6)) : rng.pick(identifiers)
            if depth < 3 && rng.oneIn(3) {
                let labels = (0..<rng.below(3)).map { _ in rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(8)) }
                body.blocks.append(
                    HCLBlock(type: rng.pick(identifiers), labels: labels, body: randomBody(&rng, depth: depth + 1), position: zero))
            } else {
                body.attributes.append(HCLAttribute(name: name, value: randomValue(&rng, depth: depth), position: zero, valuePosition: zero))
            }
        }
        return body
    }

    static func randomValue(_ rng: inout FuzzRandom, depth: Int) -> HCLValue {
        switch rng.below(depth > 3 ? 3 : 5) {
        case 0: return .string(rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(10)))
        case 1: return .number(HCLNumber(literal: rng.pick(numbers)))
        case 2: return .bool(rng.oneIn(2))
        case 3: return .list((0..<rng.below(4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var inner = randomBody(&rng, depth: depth + 1)
            inner.blocks = []
            return .object(inner)
        }
    }
}

extension HCLBody {
    /// The same tree with every position zeroed, to compare trees parsed from different texts.
    var withoutPositions: HCLBody {
        let zero = SourcePosition(line: 0, column: 0)
        return HCLBody(
            attributes: attributes.map {
                HCLAttribute(name: $0.name, value: $0.value.withoutPositions, position: zero, valuePosition: zero)
            },
            blocks: blocks.map { HCLBlock(type: $0.type, labels: $0.labels, body: $0.body.withoutPositions, position: zero) })
    }
}

extension HCLValue {
    var withoutPositions: HCLValue {
        switch self {
        case .list(let items): .list(items.map(\.withoutPositions))
        case .object(let body): .object(body.withoutPositions)
        default: self
        }
    }
}
