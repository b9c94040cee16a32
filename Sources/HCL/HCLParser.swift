/// Parses the HCL that Vault's policies and server configuration files use.
///
/// ```
/// let body = try HCLParser.parse(#"path "secret/*" { capabilities = ["read"] }"#)
/// body.blocks[0].labels == ["secret/*"]
/// ```
public enum HCLParser {
    /// The deepest nesting of blocks, objects and lists accepted.
    public static let maxDepth = 100

    /// Parses a whole document. Never crashes on any input; every failure is an `HCLError`.
    public static func parse(_ text: String, filename: String? = nil) throws(HCLError) -> HCLBody {
        do {
            var lexer = Lexer(text)
            var parser = Parser(tokens: try lexer.tokenize())
            return try parser.document()
        } catch {
            var located = error
            located.filename = filename
            throw located
        }
    }
}

struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[index] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    private func error(_ message: String, _ token: Token? = nil) -> HCLError {
        HCLError(message: message, position: (token ?? current).position)
    }

    private mutating func enter() throws(HCLError) {
        depth += 1
        if depth > HCLParser.maxDepth { throw error("nesting deeper than \(HCLParser.maxDepth) levels") }
    }

    mutating func document() throws(HCLError) -> HCLBody {
        let body = try bodyItems(closing: false)
        guard current.kind == .end else { throw error("unexpected \(current.kind.display)") }
        return body
    }

    /// Items until `}` (when `closing`) or the end of input.
    private mutating func bodyItems(closing: Bool) throws(HCLError) -> HCLBody {
        var body = HCLBody()
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            switch current.kind {
            case .end:
                if closing { throw error("expected '}' before end of input") }
                return body
            case .rightBrace:
                if !closing { throw error("unexpected '}'") }
                return body
            case .identifier, .string:
                try item(into: &body)
            default:
                throw error("expected a key or a block, found \(current.kind.display)")
            }
        }
    }

    private mutating func item(into body: inout HCLBody) throws(HCLError) {
        let keyToken = current
        let key = name(of: keyToken)!
        advance()
        var labels: [String] = []
        while let label = name(of: current) {
            labels.append(label)
            advance()
        }
        switch current.kind {
        case .equals, .colon:
            advance()
            skipNewlines()
            let valueToken = current
            let value = try value()
            if labels.isEmpty {
                body.attributes.append(
                    HCLAttribute(name: key, value: value, position: keyToken.position, valuePosition: valueToken.position))
            } else if case .object(let inner) = value {
                body.blocks.append(HCLBlock(type: key, labels: labels, body: inner, position: keyToken.position))
            } else {
                throw error("a labelled item must have an object value", valueToken)
            }
        case .leftBrace:
            try enter()
            advance()
            let inner = try bodyItems(closing: true)
            advance()
            depth -= 1
            body.blocks.append(HCLBlock(type: key, labels: labels, body: inner, position: keyToken.position))
        default:
            throw error("expected '=' or '{' after key \"\(key)\", found \(current.kind.display)")
        }
        // Like HCL1, items need no separator: `{ address = "x" tls_disable = true }` is fine.
    }

    private func name(of token: Token) -> String? {
        switch token.kind {
        case .identifier(let s), .string(let s): s
        default: nil
        }
    }

    private mutating func value() throws(HCLError) -> HCLValue {
        let token = current
        switch token.kind {
        case .string(let s), .heredoc(let s):
            advance()
            return .string(s)
        case .number(let n):
            advance()
            return .number(HCLNumber(literal: n))
        case .bool(let b):
            advance()
            return .bool(b)
        case .leftBracket:
            return try list()
        case .leftBrace:
            try enter()
            advance()
            let inner = try bodyItems(closing: true)
            advance()
            depth -= 1
            return .object(inner)
        default:
            throw error("expected a value, found \(token.kind.display)")
        }
    }

    private mutating func list() throws(HCLError) -> HCLValue {
        try enter()
        advance()
        var items: [HCLValue] = []
        while true {
            skipNewlines()
            if current.kind == .rightBracket {
                advance()
                depth -= 1
                return .list(items)
            }
            items.append(try value())
            skipNewlines()
            switch current.kind {
            case .comma: advance()
            case .rightBracket: continue
            default: throw error("expected ',' or ']' in list, found \(current.kind.display)")
            }
        }
    }
}
