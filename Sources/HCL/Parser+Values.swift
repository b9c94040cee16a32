extension Parser {
    /// A string, heredoc, number, `true`/`false`, list or object.
    mutating func value() throws(HCLError) -> HCLValue {
        let value: HCLValue
        switch kind {
        case .string, .heredoc: value = .string(text)
        case .number: value = .number(HCLNumber(literal: text))
        case .identifier where text == "true": value = .bool(true)
        case .identifier where text == "false": value = .bool(false)
        case .leftBracket: return try list()
        case .leftBrace: return try object()
        default: throw expectedValue()
        }
        advance()
        return value
    }

    /// `{ k = v … }`.
    private mutating func object() throws(HCLError) -> HCLValue {
        let open = position
        try enter()
        advance()
        let inner = try body(closing: open)
        leave()
        return .object(inner)
    }

    /// `[a, b, c]`, newlines anywhere, a trailing comma allowed.
    private mutating func list() throws(HCLError) -> HCLValue {
        let open = position
        try enter()
        advance()
        var items: [HCLValue] = []
        while true {
            skipNewlines()
            switch kind {
            case .rightBracket:
                advance()
                leave()
                return .list(items)
            case .end:
                throw unclosed("]", openedAt: open, what: "[")
            default:
                items.append(try value())
            }
            skipNewlines()
            switch kind {
            case .comma: advance()
            case .rightBracket, .end: continue
            default: throw expectedListSeparator()
            }
        }
    }
}
