/// A lexical token of HCL.
enum TokenKind: Equatable {
    case identifier(String)
    case string(String)
    case number(String)
    case bool(Bool)
    case heredoc(String)
    case equals, colon, comma, newline
    case leftBrace, rightBrace, leftBracket, rightBracket
    case end
}

struct Token: Equatable {
    var kind: TokenKind
    var position: SourcePosition
}

extension TokenKind {
    var display: String {
        switch self {
        case .identifier(let s): "identifier \"\(s)\""
        case .string: "string"
        case .number(let n): "number \(n)"
        case .bool(let b): "\(b)"
        case .heredoc: "heredoc"
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
}
