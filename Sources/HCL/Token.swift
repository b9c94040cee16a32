/// What a token is.
enum TokenKind: Equatable {
    /// A bare word: `listener`, `tls_disable`, `true`. The parser decides if it is a key or a bool.
    case identifier
    /// A quoted string; the token's text has its escapes resolved.
    case string
    /// A heredoc; the token's text is its content.
    case heredoc
    /// A number literal, already checked to be well formed.
    case number
    case equals, colon, comma, newline
    case leftBrace, rightBrace, leftBracket, rightBracket
    case end
}

/// A token, its text (for words, strings, heredocs and numbers) and where it starts.
struct Token: Equatable {
    var kind: TokenKind
    var text: String = ""
    var position: SourcePosition

    /// How an error message names the token: `'='`, `string "abc"`, `end of input`.
    var display: String {
        switch kind {
        case .identifier: "identifier \(Self.quoted(text))"
        case .string: "string \(Self.quoted(text))"
        case .heredoc: "heredoc"
        case .number: "number \(text)"
        case .equals: "'='"
        case .colon: "':'"
        case .comma: "','"
        case .newline: "newline"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .end: "end of input"
        }
    }

    /// `s` quoted and escaped, shortened when long.
    static func quoted(_ s: String) -> String {
        let limit = 40
        guard s.unicodeScalars.count > limit else { return s.debugDescription }
        var short = String.UnicodeScalarView()
        short.append(contentsOf: s.unicodeScalars.prefix(limit))
        return String(short).debugDescription.dropLast() + "…\""
    }
}
