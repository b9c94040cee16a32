extension Lexer {
    /// A number, the cursor on its first digit or its `-`. Letters and dots glued to the number
    /// are read with it, so `12ab` and `1.2.3` are reported as one bad number.
    mutating func number() throws(HCLError) -> String {
        let start = cursor.position
        var text = String.UnicodeScalarView()
        if cursor.skip("-") { text.append("-") }
        while let c = cursor.current {
            let isExponentSign = (c == "+" || c == "-") && (text.last == "e" || text.last == "E") && !Self.isHex(text)
            guard Self.isDigit(c) || c == "." || c == "_" || c.properties.isAlphabetic || isExponentSign else { break }
            text.append(c)
            cursor.advance()
        }
        let literal = String(text)
        guard NumberLiteral.evaluate(literal[...]) != nil else {
            throw error("invalid number '\(literal)'", at: start)
        }
        return literal
    }

    private static func isHex(_ text: String.UnicodeScalarView) -> Bool {
        let body = text.first == "-" ? text.dropFirst() : text[...]
        return body.starts(with: "0x".unicodeScalars) || body.starts(with: "0X".unicodeScalars)
    }
}
