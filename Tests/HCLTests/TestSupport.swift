import HCL

/// The error `text` fails with, or `nil` when it parses.
func parseError(_ text: String, filename: String? = nil) -> HCLError? {
    do {
        _ = try HCLParser.parse(text, filename: filename)
        return nil
    } catch {
        return error
    }
}

/// The value of the single attribute of `text`, such as `"a = 1"`.
func parseValue(_ text: String) throws -> HCLValue? {
    try HCLParser.parse(text).attributes.first?.value
}

func pos(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

extension HCLBody {
    /// The same body with every position zeroed, to compare trees built from different sources.
    var withoutPositions: HCLBody {
        let zero = SourcePosition(line: 0, column: 0)
        return HCLBody(
            attributes: attributes.map {
                HCLAttribute(name: $0.name, value: $0.value.withoutPositions, position: zero, valuePosition: zero)
            },
            blocks: blocks.map { HCLBlock(type: $0.type, labels: $0.labels, body: $0.body.withoutPositions, position: zero) }
        )
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
