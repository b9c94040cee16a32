import ArcaSDK
import ArcaWire
import HCL

/// Parses policies written in HCL (or JSON, which is an HCL subset here via the JSON form
/// `{"path": {"secret/*": {"capabilities": [...]}}}`).
package enum PolicyParser {
    package static func parse(name: String, text: String) throws -> Policy {
        let trimmed = text.drop { $0.isWhitespace }
        let body: HCLBody
        if trimmed.first == "{", let json = try? JSONParser.parse(text) {
            body = try jsonBody(json)
        } else {
            do {
                body = try HCLParser.parse(text)
            } catch {
                throw LogicalError.invalidRequest("failed to parse policy: \(error)")
            }
        }
        var rules: [PolicyRule] = []
        for attribute in body.attributes where attribute.name != "name" {
            throw LogicalError.invalidRequest("failed to parse policy: invalid key \"\(attribute.name)\" on line \(attribute.position.line)")
        }
        for block in body.blocks {
            guard block.type == "path", block.labels.count == 1 else {
                throw LogicalError.invalidRequest(
                    "failed to parse policy: invalid key \"\(block.type)\" on line \(block.position.line)")
            }
            rules.append(try rule(path: block.labels[0], block.body))
        }
        return Policy(name: name, raw: text, rules: rules)
    }

    static func rule(path rawPath: String, _ body: HCLBody) throws -> PolicyRule {
        var path = rawPath
        while path.hasPrefix("/") { path.removeFirst() }
        var rule = PolicyRule(path: path, capabilities: [])
        for attribute in body.attributes {
            switch attribute.name {
            case "capabilities":
                for name in try strings(attribute.value, attribute.name) {
                    guard let c = Capabilities(name: name) else {
                        throw LogicalError.invalidRequest("failed to parse policy: invalid capability \"\(name)\" on path \"\(path)\"")
                    }
                    rule.capabilities.insert(c)
                }
            case "policy":
                // The deprecated shorthand: read, write, sudo, deny.
                switch try strings(attribute.value, attribute.name).first ?? "" {
                case "deny": rule.capabilities.insert(.deny)
                case "read": rule.capabilities.formUnion([.read, .list])
                case "write": rule.capabilities.formUnion([.create, .read, .update, .patch, .delete, .list])
                case "sudo": rule.capabilities.formUnion([.create, .read, .update, .patch, .delete, .list, .sudo])
                case let other: throw LogicalError.invalidRequest("failed to parse policy: invalid policy \"\(other)\"")
                }
            case "allowed_parameters": rule.allowedParameters = try parameters(attribute.value)
            case "denied_parameters": rule.deniedParameters = try parameters(attribute.value)
            case "required_parameters": rule.requiredParameters = try strings(attribute.value, attribute.name)
            case "min_wrapping_ttl": rule.minWrappingTTL = try duration(attribute.value)
            case "max_wrapping_ttl": rule.maxWrappingTTL = try duration(attribute.value)
            default:
                throw LogicalError.invalidRequest(
                    "failed to parse policy: invalid key \"\(attribute.name)\" on line \(attribute.position.line)")
            }
        }
        return rule
    }

    static func strings(_ v: HCLValue, _ name: String) throws -> [String] {
        switch v {
        case .string(let s): return [s]
        case .list(let items):
            return try items.map {
                guard case .string(let s) = $0 else { throw LogicalError.invalidRequest("failed to parse policy: \(name) must be a list of strings") }
                return s
            }
        default: throw LogicalError.invalidRequest("failed to parse policy: \(name) must be a list of strings")
        }
    }

    static func parameters(_ v: HCLValue) throws -> [String: [String]] {
        guard case .object(let body) = v else { throw LogicalError.invalidRequest("failed to parse policy: parameters must be a map") }
        var out: [String: [String]] = [:]
        for a in body.attributes {
            out[a.name] = try strings(a.value, a.name).map { $0 }
        }
        return out
    }

    static func duration(_ v: HCLValue) throws -> Int {
        switch v {
        case .number(let n): return Int(n.int64 ?? 0)
        case .string(let s):
            guard let d = DurationParser.seconds(s) else { throw LogicalError.invalidRequest("failed to parse policy: invalid duration \"\(s)\"") }
            return Int(d)
        default: throw LogicalError.invalidRequest("failed to parse policy: invalid duration")
        }
    }

    /// The JSON policy form as an HCL body.
    static func jsonBody(_ json: JSONValue) throws -> HCLBody {
        let origin = SourcePosition(line: 1, column: 1)
        func value(_ v: JSONValue) -> HCLValue {
            switch v {
            case .string(let s): .string(s)
            case .number(let n): .number(HCLNumber(literal: n.literal))
            case .bool(let b): .bool(b)
            case .array(let a): .list(a.map(value))
            case .object(let o): .object(HCLBody(attributes: o.keys.sorted().map {
                HCLAttribute(name: $0, value: value(o[$0]!), position: origin, valuePosition: origin) }))
            case .null: .string("")
            }
        }
        var blocks: [HCLBlock] = []
        for (path, rule) in json["path"]?.objectValue ?? [:] {
            guard case .object(let inner) = value(rule) else { continue }
            blocks.append(HCLBlock(type: "path", labels: [path], body: inner, position: origin))
        }
        return HCLBody(blocks: blocks)
    }
}
