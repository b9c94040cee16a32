extension Lexer {
    /// A double-quoted string on one line. Escapes: `\n \t \r \" \\ \/ \' \a \b \f \v`,
    /// `\uXXXX` (surrogate pairs combine) and `\UXXXXXXXX`. Interpolations such as `${x}` and
    /// templates such as `{{identity.entity.id}}` are kept as written.
    mutating func quotedString() throws(HCLError) -> String {
        let start = cursor.position
        cursor.advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = cursor.current, c != "\n" else {
                throw error("unterminated string: missing closing '\"' before the end of the line", at: start)
            }
            if c == "\"" {
                cursor.advance()
                return String(out)
            }
            if c == "\\" {
                out.append(try escape(stringStart: start))
            } else {
                out.append(c)
                cursor.advance()
            }
        }
    }

    /// One escape sequence, the cursor on its backslash.
    private mutating func escape(stringStart: SourcePosition) throws(HCLError) -> Unicode.Scalar {
        let start = cursor.position
        cursor.advance()
        guard let e = cursor.current, e != "\n" else {
            throw error("unterminated string: missing closing '\"' before the end of the line", at: stringStart)
        }
        if let simple = Self.simpleEscapes[e] {
            cursor.advance()
            return simple
        }
        switch e {
        case "u":
            cursor.advance()
            let unit = try hexDigits(4, escapeStart: start)
            guard (0xD800...0xDBFF).contains(unit) else { return try scalar(unit, escapeStart: start) }
            // A high surrogate must be followed by an escaped low surrogate.
            guard cursor.current == "\\", cursor.peek() == "u" else { throw invalidUnicode(at: start) }
            cursor.advance()
            cursor.advance()
            let low = try hexDigits(4, escapeStart: start)
            guard (0xDC00...0xDFFF).contains(low) else { throw invalidUnicode(at: start) }
            return try scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), escapeStart: start)
        case "U":
            cursor.advance()
            return try scalar(try hexDigits(8, escapeStart: start), escapeStart: start)
        default:
            throw error("invalid escape sequence '\\\(e.escaped(asASCII: false))'", at: start)
        }
    }

    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "n": "\n", "t": "\t", "r": "\r", "\"": "\"", "\\": "\\", "/": "/", "'": "'",
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "v": "\u{0B}",
    ]

    private mutating func hexDigits(_ count: Int, escapeStart: SourcePosition) throws(HCLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let c = cursor.current, let digit = c.properties.isASCIIHexDigit ? UInt32(String(c), radix: 16) : nil else {
                throw invalidUnicode(at: escapeStart)
            }
            value = value << 4 | digit
            cursor.advance()
        }
        return value
    }

    private func scalar(_ value: UInt32, escapeStart: SourcePosition) throws(HCLError) -> Unicode.Scalar {
        guard let scalar = Unicode.Scalar(value) else { throw invalidUnicode(at: escapeStart) }
        return scalar
    }

    private func invalidUnicode(at position: SourcePosition) -> HCLError {
        error("invalid unicode escape: expected \\uXXXX (a surrogate pair for astral characters) or \\UXXXXXXXX", at: position)
    }
}
