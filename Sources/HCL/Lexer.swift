/// Turns HCL text into tokens. Works on Unicode scalars so every position is a column a person
/// would count.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }
    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private mutating func advance() {
        guard let c = current else { return }
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private func error(_ message: String, at p: SourcePosition) -> HCLError {
        HCLError(message: message, position: p)
    }

    mutating func tokenize() throws(HCLError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            // A heredoc consumes its closing line, newline included; give the parser its separator.
            if case .heredoc = token.kind { tokens.append(Token(kind: .newline, position: position)) }
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(HCLError) -> Token {
        try skipSpaceAndComments()
        let start = position
        guard let c = current else { return Token(kind: .end, position: start) }
        switch c {
        case "\n": advance(); return Token(kind: .newline, position: start)
        case "=": advance(); return Token(kind: .equals, position: start)
        case ":": advance(); return Token(kind: .colon, position: start)
        case ",": advance(); return Token(kind: .comma, position: start)
        case "{": advance(); return Token(kind: .leftBrace, position: start)
        case "}": advance(); return Token(kind: .rightBrace, position: start)
        case "[": advance(); return Token(kind: .leftBracket, position: start)
        case "]": advance(); return Token(kind: .rightBracket, position: start)
        case "\"": return Token(kind: .string(try string()), position: start)
        case "<" where peek() == "<": return Token(kind: .heredoc(try heredoc()), position: start)
        default:
            if c == "-" || c == "+" || ("0"..."9").contains(c) {
                return Token(kind: .number(try number()), position: start)
            }
            if isIdentifierStart(c) {
                let word = identifier()
                switch word {
                case "true": return Token(kind: .bool(true), position: start)
                case "false": return Token(kind: .bool(false), position: start)
                default: return Token(kind: .identifier(word), position: start)
                }
            }
            throw error("unexpected character '\(c.escaped(asASCII: true))'", at: start)
        }
    }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c) || c == "-" || c == "."
    }

    private mutating func identifier() -> String {
        var out = String.UnicodeScalarView()
        while let c = current, isIdentifierPart(c) {
            out.append(c)
            advance()
        }
        return String(out)
    }

    private mutating func skipSpaceAndComments() throws(HCLError) {
        while let c = current {
            if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "#" || (c == "/" && peek() == "/") {
                while let d = current, d != "\n" { advance() }
            } else if c == "/" && peek() == "*" {
                let start = position
                advance()
                advance()
                while true {
                    guard let d = current else { throw error("unterminated comment", at: start) }
                    if d == "*" && peek() == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    private mutating func number() throws(HCLError) -> String {
        let start = position
        var out = String.UnicodeScalarView()
        if let c = current, c == "-" || c == "+" {
            if c == "-" { out.append(c) }
            advance()
        }
        var digits = 0
        while let c = current, ("0"..."9").contains(c) || c == "." || c == "e" || c == "E"
            || ((c == "-" || c == "+") && (out.last == "e" || out.last == "E"))
        {
            out.append(c)
            if ("0"..."9").contains(c) { digits += 1 }
            advance()
        }
        let text = String(out)
        guard digits > 0, Double(text) != nil else { throw error("invalid number '\(text)'", at: start) }
        return text
    }

    private mutating func string() throws(HCLError) -> String {
        let start = position
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("unterminated string", at: start) }
            if c == "\n" { throw error("unterminated string", at: start) }
            if c == "\"" {
                advance()
                return String(out)
            }
            if c == "\\" {
                let escapeStart = position
                advance()
                guard let e = current else { throw error("unterminated string", at: start) }
                advance()
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    var value: UInt32 = 0
                    for _ in 0..<count {
                        guard let h = current, let d = UInt32(String(h), radix: 16) else {
                            throw error("invalid unicode escape", at: escapeStart)
                        }
                        value = value * 16 + d
                        advance()
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw error("invalid unicode escape", at: escapeStart) }
                    out.append(scalar)
                default:
                    throw error("invalid escape sequence '\\\(e.escaped(asASCII: true))'", at: escapeStart)
                }
                continue
            }
            out.append(c)
            advance()
        }
    }

    /// `<<EOF ... EOF`, or `<<-EOF` whose lines lose their common leading indentation.
    private mutating func heredoc() throws(HCLError) -> String {
        let start = position
        advance()
        advance()
        var indented = false
        if current == "-" {
            indented = true
            advance()
        }
        let marker = identifier()
        guard !marker.isEmpty else { throw error("heredoc needs a marker after '<<'", at: start) }
        while let c = current, c == " " || c == "\t" || c == "\r" { advance() }
        guard current == "\n" else { throw error("heredoc marker must end its line", at: start) }
        advance()
        var lines: [String] = []
        var lineScalars = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("unterminated heredoc, expected closing '\(marker)'", at: start) }
            advance()
            if c == "\n" {
                let text = String(lineScalars)
                lineScalars = String.UnicodeScalarView()
                if text.trimmingCharacters(in: [" ", "\t", "\r"]) == marker { break }
                lines.append(text.hasSuffix("\r") ? String(text.dropLast()) : text)
            } else {
                lineScalars.append(c)
                // The closing marker may be the last line without a newline.
                if current == nil, String(lineScalars).trimmingCharacters(in: [" ", "\t", "\r"]) == marker { break }
            }
        }
        if indented {
            let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }
            let strip = indents.min() ?? 0
            lines = lines.map { String($0.dropFirst(min(strip, $0.prefix { $0 == " " || $0 == "\t" }.count))) }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
