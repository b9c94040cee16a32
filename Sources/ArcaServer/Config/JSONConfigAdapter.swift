import ArcaWire
import HCL

/// Reads a JSON server config into the same shape an HCL file parses to, so one decoder serves
/// both: `{"listener": {"tcp": {...}}}` (or a list of such objects) becomes `listener "tcp" {...}`,
/// and `{"audit": [{"file": {"name": {...}}}]}` becomes `audit "file" "name" {...}`.
enum JSONConfigAdapter {
    static let stanzas: Set = ["listener", "storage", "backend", "seal", "user_lockout"]
    /// JSON carries no positions for members; errors point at the start of the file.
    static let origin = SourcePosition(line: 1, column: 1)

    static func body(fromJSON text: String, filename: String) throws -> HCLBody {
        let doc: JSONValue
        do {
            doc = try JSONParser.parse(text)
        } catch {
            throw ConfigError(message: "\(filename): error parsing JSON config at byte \(error.offset): \(error.message)")
        }
        guard case .object(let members) = doc else {
            throw ConfigError(message: "\(filename): a JSON config must be an object")
        }
        var attributes: [HCLAttribute] = []
        var blocks: [HCLBlock] = []
        for key in members.keys.sorted() {
            let value = members[key]!
            if key == "audit" {
                blocks += try auditBlocks(value, filename)
            } else if stanzas.contains(key) {
                for item in value.arrayValue ?? [value] {
                    guard case .object(let byType) = item else {
                        throw ConfigError(message: "\(filename): '\(key)' must be an object keyed by type")
                    }
                    for type in byType.keys.sorted() {
                        blocks.append(HCLBlock(type: key, labels: [type], body: try body(of: byType[type]!, filename), position: origin))
                    }
                }
            } else {
                attributes.append(HCLAttribute(name: key, value: try hclValue(value, filename), position: origin, valuePosition: origin))
            }
        }
        return HCLBody(attributes: attributes, blocks: blocks)
    }

    /// `audit`: a list (or one) of objects keyed by type, then by path.
    private static func auditBlocks(_ value: JSONValue, _ filename: String) throws -> [HCLBlock] {
        var blocks: [HCLBlock] = []
        for item in value.arrayValue ?? [value] {
            guard case .object(let byType) = item else {
                throw ConfigError(message: "\(filename): 'audit' must be an object keyed by type, then by path")
            }
            for type in byType.keys.sorted() {
                guard case .object(let byPath) = byType[type]! else {
                    throw ConfigError(message: "\(filename): 'audit.\(type)' must be an object keyed by path")
                }
                for path in byPath.keys.sorted() {
                    blocks.append(
                        HCLBlock(type: "audit", labels: [type, path], body: try body(of: byPath[path]!, filename), position: origin))
                }
            }
        }
        return blocks
    }

    private static func body(of value: JSONValue, _ filename: String) throws -> HCLBody {
        guard case .object(let members) = value else {
            throw ConfigError(message: "\(filename): stanza settings must be an object")
        }
        let attributes = try members.keys.sorted().map { key in
            HCLAttribute(name: key, value: try hclValue(members[key]!, filename), position: origin, valuePosition: origin)
        }
        return HCLBody(attributes: attributes, blocks: [])
    }

    private static func hclValue(_ value: JSONValue, _ filename: String) throws -> HCLValue {
        switch value {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(HCLNumber(literal: n.literal))
        case .array(let items): return .list(try items.map { try hclValue($0, filename) })
        case .object: return .object(try body(of: value, filename))
        case .null: throw ConfigError(message: "\(filename): null is not a valid configuration value")
        }
    }
}
