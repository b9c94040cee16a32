/// The parser's error messages, out of line so the recursive functions stay small.
extension Parser {
    func error(_ message: String, at position: SourcePosition) -> HCLError {
        HCLError(message: message, position: position)
    }

    /// `found '='`, `found end of input`.
    private var found: String { "found \(current.display)" }

    func tooDeep() -> HCLError {
        error("nesting deeper than \(HCLParser.maxDepth) levels", at: position)
    }

    func unclosed(_ closer: String, openedAt open: SourcePosition, what opener: String) -> HCLError {
        error("expected '\(closer)' to close the '\(opener)' at \(open), \(found)", at: position)
    }

    /// A token that cannot start an item, or the end of the wrong body.
    func unexpectedInBody(open: SourcePosition?) -> HCLError {
        switch kind {
        case .end: unclosed("}", openedAt: open ?? position, what: "{")
        case .rightBrace: error("unexpected '}' with no block open", at: position)
        default: error("expected a key or a block, \(found)", at: position)
        }
    }

    func expectedAssignment(key: String, labels: [String]) -> HCLError {
        let expected = labels.isEmpty ? "'=' after key" : "'=' or '{' after"
        return error("expected \(expected) \(Self.describe(key, labels)), \(found)", at: position)
    }

    static func expectedObject(key: String, labels: [String], at position: SourcePosition, found value: HCLValue) -> HCLError {
        HCLError(message: "expected '{' after \(Self.describe(key, labels)) =, found a \(value.kindName)", position: position)
    }

    func expectedValue() -> HCLError {
        let hint = kind == .identifier ? " (strings need double quotes)" : ""
        return error("expected a value, \(found)\(hint)", at: position)
    }

    func expectedListSeparator() -> HCLError {
        error("expected ',' or ']' after a list item, \(found)", at: position)
    }

    /// `"listener" "tcp"`.
    private static func describe(_ key: String, _ labels: [String]) -> String {
        ([key] + labels).map { Token.quoted($0) }.joined(separator: " ")
    }
}
