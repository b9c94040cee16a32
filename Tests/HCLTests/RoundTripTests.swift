import HCL
import Testing

/// Property: a randomly built document, written out in randomly chosen HCL spellings (bare or
/// quoted keys, commas or newlines, trailing commas, comments, escapes, heredocs, both block
/// forms), parses back to the same tree.
@Suite struct RoundTripTests {
    @Test("random documents survive writing and parsing")
    func roundTrip() throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: 0x5EED))
        for _ in 0..<400 {
            let document = generator.body(depth: 0, allowBlocks: true)
            var writer = DocumentWriter(rng: generator.rng)
            let text = writer.body(document, indent: "")
            generator.rng = writer.rng
            do {
                let parsed = try HCLParser.parse(text)
                #expect(parsed.withoutPositions == document, "\(text)")
            } catch {
                Issue.record("\(error) in:\n\(text)")
            }
        }
    }
}

/// Builds random bodies (without positions).
struct DocumentGenerator {
    var rng: SplitMix64
    private let zero = SourcePosition(line: 0, column: 0)

    static let identifiers = ["address", "tls_disable", "path", "a", "x-y", "k.v", "_u", "n9", "true", "clé"]
    static let strings = [
        "", "plain", "with \"quotes\"", "back\\slash", "tab\tand\nnewline", "ünïcödé 🔑", "secret/data/*", "{{identity.entity.id}}",
        "${not.interpolated}", "# not a comment", "/* nor this */", "\u{7}\r",
    ]
    static let numbers = ["0", "1", "-1", "8200", "2764800", "-9223372036854775808", "1.5", "-0.25", "6.02e23", "1E-3", "0x1F", "0640"]
    static let heredocLines = ["line", "  indented", "\"quoted\" \\n", "", "EOFX", "path \"a\" { }"]

    mutating func body(depth: Int, allowBlocks: Bool) -> HCLBody {
        var body = HCLBody()
        for _ in 0..<rng.below(depth == 0 ? 6 : 4) {
            if allowBlocks && depth < 4 && rng.oneIn(3) {
                let labels = (0..<rng.below(3)).map { _ in rng.oneIn(2) ? rng.pick(Self.identifiers) : rng.pick(Self.strings) }
                let inner = self.body(depth: depth + 1, allowBlocks: true)
                body.blocks.append(HCLBlock(type: rng.pick(Self.identifiers), labels: labels, body: inner, position: zero))
            } else {
                let name = rng.oneIn(3) ? rng.pick(Self.strings) : rng.pick(Self.identifiers)
                body.attributes.append(HCLAttribute(name: name, value: value(depth: depth), position: zero, valuePosition: zero))
            }
        }
        return body
    }

    mutating func value(depth: Int) -> HCLValue {
        switch rng.below(depth < 4 ? 7 : 4) {
        case 0: .string(rng.pick(Self.strings))
        case 1: .number(HCLNumber(literal: rng.pick(Self.numbers)))
        case 2: .bool(rng.oneIn(2))
        case 3: .string((0..<rng.below(4)).map { _ in rng.pick(Self.heredocLines) + "\n" }.joined())
        case 4, 5: .list((0..<rng.below(4)).map { _ in value(depth: depth + 1) })
        default: .object(body(depth: depth + 1, allowBlocks: false))
        }
    }
}

/// Writes bodies as HCL text, choosing among equivalent spellings at random.
struct DocumentWriter {
    var rng: SplitMix64

    mutating func body(_ body: HCLBody, indent: String) -> String {
        // Interleave attributes and blocks at random; each list keeps its own order.
        var attributes = body.attributes[...]
        var blocks = body.blocks[...]
        var out = ""
        while !attributes.isEmpty || !blocks.isEmpty {
            if rng.oneIn(6) { out += indent + rng.pick(["# note", "// note", "/* note */"]) + "\n" }
            let item: String
            if let attribute = attributes.first, blocks.isEmpty || rng.oneIn(2) {
                attributes.removeFirst()
                item = key(attribute.name) + rng.pick([" = ", "=", " =\n" + indent + "  "]) + value(attribute.value, indent: indent)
            } else {
                let block = blocks.removeFirst()
                var head = key(block.type) + block.labels.map { " " + key($0) }.joined()
                if !block.labels.isEmpty && rng.oneIn(3) { head += " =" }
                head += rng.oneIn(5) ? "\n" + indent + "{\n" : " {\n"
                item = head + self.body(block.body, indent: indent + "  ") + indent + "}"
            }
            out += indent + item + rng.pick(["\n", "\n", ",\n", " # trailing\n", " /* c */\n"])
        }
        return out
    }

    mutating func key(_ name: String) -> String {
        let start: (Unicode.Scalar) -> Bool = { $0 == "_" || $0.properties.isAlphabetic }
        let part: (Unicode.Scalar) -> Bool = { start($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
        let bare = name.unicodeScalars.first.map(start) == true && name.unicodeScalars.allSatisfy(part)
        return bare && rng.oneIn(2) ? name : quoted(name)
    }

    mutating func value(_ value: HCLValue, indent: String) -> String {
        switch value {
        case .string(let s) where s.hasSuffix("\n") && !s.contains("\r") && rng.oneIn(2):
            "<<EOF\n" + s + "EOF\n" + indent
        case .string(let s): quoted(s)
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .list(let items):
            "["
                + items.map { item in rng.pick(["", "\n" + indent + "  "]) + self.value(item, indent: indent + "  ") }
                .joined(separator: rng.pick([", ", ",", ",\n" + indent + "  "])) + (items.isEmpty || rng.oneIn(2) ? "" : ",") + "\n" + indent
                + "]"
        case .object(let body):
            rng.oneIn(3) && body.attributes.count < 3
                ? "{ "
                    + body.attributes.map { key($0.name) + rng.pick([" = ", ": "]) + self.value($0.value, indent: indent) }
                    .joined(separator: ", ") + " }"
                : "{\n" + self.body(body, indent: indent + "  ") + indent + "}"
        }
    }

    /// A double-quoted string, escaping what must be and, at random, some non-ASCII characters.
    mutating func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += rng.oneIn(2) ? "\\t" : "\t"
            case _ where scalar.value < 0x20: out += "\\u" + hex(scalar.value, 4)
            case _ where scalar.value > 0xFFFF && rng.oneIn(2):
                let v = scalar.value - 0x10000
                out += "\\u" + hex(0xD800 + (v >> 10), 4) + "\\u" + hex(0xDC00 + (v & 0x3FF), 4)
            case _ where scalar.value > 0x7F && rng.oneIn(2): out += "\\U" + hex(scalar.value, 8)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
