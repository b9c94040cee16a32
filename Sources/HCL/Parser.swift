/// Builds bodies from tokens by recursive descent, refusing nesting deeper than
/// `HCLParser.maxDepth` so that no input can exhaust the stack.
///
/// Like HCL1, items need no separator (`{ address = "x" tls_disable = true }`), commas between
/// items are allowed, and a newline may come before a block's `{` or an attribute's value.
///
/// The recursive functions keep few locals and build their error messages in `Parser+Errors`,
/// which keeps their stack frames small even in debug builds.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// A whole document.
    mutating func document() throws(HCLError) -> HCLBody {
        try body(closing: nil)
    }

    // MARK: Cursor

    /// The token under the cursor; the token list always ends with `.end`.
    var current: Token { tokens[index] }
    /// The kind of the token under the cursor.
    var kind: TokenKind { tokens[index].kind }
    /// The text of the token under the cursor.
    var text: String { tokens[index].text }
    /// Where the token under the cursor starts.
    var position: SourcePosition { tokens[index].position }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    /// The kind of the first token at or after the cursor that is not a newline.
    func nextSignificantKind() -> TokenKind {
        var i = index
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind
    }

    /// Counts one more level of nesting, opened by the current token.
    mutating func enter() throws(HCLError) {
        depth += 1
        if depth > HCLParser.maxDepth { throw tooDeep() }
    }

    mutating func leave() { depth -= 1 }

    // MARK: Bodies

    /// Items up to the `}` matching the one at `open` (consumed), or to the end of input when
    /// `open` is nil.
    mutating func body(closing open: SourcePosition?) throws(HCLError) -> HCLBody {
        var body = HCLBody()
        while true {
            switch kind {
            case .newline, .comma:
                advance()
            case .identifier, .string:
                try item(into: &body)
            case .rightBrace where open != nil:
                advance()
                return body
            case .end where open == nil:
                return body
            default:
                throw unexpectedInBody(open: open)
            }
        }
    }

    /// `key = value`, `type "label"… { body }` or the HCL1 form `type "label"… = { body }`.
    private mutating func item(into body: inout HCLBody) throws(HCLError) {
        let key = Token(kind: kind, text: text, position: position)
        advance()
        let labels = labels()
        switch nextSignificantKind() {
        case .equals, .colon:
            skipNewlines()
            advance()
            skipNewlines()
            let valuePosition = position
            let value = try value()
            try Self.add(key, labels, value, at: valuePosition, to: &body)
        case .leftBrace:
            skipNewlines()
            let open = position
            try enter()
            advance()
            let inner = try self.body(closing: open)
            leave()
            Self.add(key, labels, inner, to: &body)
        default:
            throw expectedAssignment(key: key.text, labels: labels)
        }
    }

    /// The quoted or bare words after a key, on its line.
    private mutating func labels() -> [String] {
        var labels: [String] = []
        while kind == .identifier || kind == .string {
            labels.append(text)
            advance()
        }
        return labels
    }

    /// Adds `key = value`, or the block `key "label"… = { … }`.
    private static func add(
        _ key: Token,
        _ labels: [String],
        _ value: HCLValue,
        at valuePosition: SourcePosition,
        to body: inout HCLBody
    ) throws(HCLError) {
        if labels.isEmpty {
            body.attributes.append(HCLAttribute(name: key.text, value: value, position: key.position, valuePosition: valuePosition))
        } else if case .object(let inner) = value {
            add(key, labels, inner, to: &body)
        } else {
            throw expectedObject(key: key.text, labels: labels, at: valuePosition, found: value)
        }
    }

    /// Adds the block `key "label"… { inner }`.
    private static func add(_ key: Token, _ labels: [String], _ inner: HCLBody, to body: inout HCLBody) {
        body.blocks.append(HCLBlock(type: key.text, labels: labels, body: inner, position: key.position))
    }
}
