/// Turns HCL text into tokens: punctuation, bare words, strings, heredocs, numbers and newlines.
/// Spaces and comments (`#`, `//`, `/* */`) are dropped.
struct Lexer {
    var cursor: SourceCursor

    init(_ text: String) { cursor = SourceCursor(text) }

    /// Every token, ending with `.end`.
    mutating func tokenize() throws(HCLError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    func error(_ message: String, at position: SourcePosition) -> HCLError {
        HCLError(message: message, position: position)
    }

    private mutating func next() throws(HCLError) -> Token {
        try skipSpaceAndComments()
        let start = cursor.position
        guard let c = cursor.current else { return Token(kind: .end, position: start) }
        if let kind = Self.punctuation(c) {
            cursor.advance()
            return Token(kind: kind, position: start)
        }
        switch c {
        case "\"":
            return Token(kind: .string, text: try quotedString(), position: start)
        case "<" where cursor.peek() == "<":
            return Token(kind: .heredoc, text: try heredoc(), position: start)
        case "-" where cursor.peek().map(Self.isDigit) == true, _ where Self.isDigit(c):
            return Token(kind: .number, text: try number(), position: start)
        case _ where Self.isIdentifierStart(c):
            return Token(kind: .identifier, text: String(cursor.take(while: Self.isIdentifierPart)), position: start)
        default:
            throw error("unexpected character '\(c.escaped(asASCII: false))'", at: start)
        }
    }

    private static func punctuation(_ c: Unicode.Scalar) -> TokenKind? {
        switch c {
        case "\n": .newline
        case "=": .equals
        case ":": .colon
        case ",": .comma
        case "{": .leftBrace
        case "}": .rightBrace
        case "[": .leftBracket
        case "]": .rightBracket
        default: nil
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// A letter (of any script) or `_`.
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        return c.properties.isAlphabetic
    }

    /// A letter, a digit, `_`, `-` or `.`.
    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isIdentifierStart(c) || isDigit(c) || c == "-" || c == "." }
        return c.properties.isAlphabetic || c.properties.numericType == .decimal
    }

    /// Spaces, tabs, carriage returns, a byte-order mark and comments. Newlines are tokens.
    private mutating func skipSpaceAndComments() throws(HCLError) {
        while let c = cursor.current {
            switch c {
            case " ", "\t", "\r", "\u{0C}", "\u{FEFF}":
                cursor.advance()
            case "#":
                skipLineComment()
            case "/" where cursor.peek() == "/":
                skipLineComment()
            case "/" where cursor.peek() == "*":
                try skipBlockComment()
            default:
                return
            }
        }
    }

    /// To the end of the line, leaving the newline for the parser.
    private mutating func skipLineComment() {
        _ = cursor.take { $0 != "\n" }
    }

    private mutating func skipBlockComment() throws(HCLError) {
        let start = cursor.position
        cursor.advance()
        cursor.advance()
        while !cursor.isAtEnd {
            if cursor.current == "*" && cursor.peek() == "/" {
                cursor.advance()
                cursor.advance()
                return
            }
            cursor.advance()
        }
        throw error("unterminated comment: '/*' has no closing '*/'", at: start)
    }
}
