/// A route pattern in a small structured grammar instead of raw regular expressions:
///
/// | Syntax | Matches |
/// | --- | --- |
/// | `config` | the literal text |
/// | `{name}` | one segment of letters, digits, `_`, `-`, `.` (Vault's generic name) |
/// | `{name@}` | the same, also allowing `@` |
/// | `{path*}` | anything, slashes included, possibly empty |
/// | trailing `/?` | an optional final slash |
///
/// Matching is anchored at both ends; captures become request fields.
public struct PathPattern: Sendable, Equatable, CustomStringConvertible {
    enum Token: Sendable, Equatable {
        case literal(String)
        case name(String, allowAt: Bool)
        case rest(String)
    }

    let tokens: [Token]
    let optionalTrailingSlash: Bool
    public let description: String

    /// Parses `pattern`; a malformed pattern is a programming error and traps at startup.
    public init(_ pattern: String) {
        description = pattern
        var text = Substring(pattern)
        optionalTrailingSlash = text.hasSuffix("/?")
        if optionalTrailingSlash { text = text.dropLast(2) }
        var tokens: [Token] = []
        var literal = ""
        while let c = text.first {
            text.removeFirst()
            guard c == "{" else {
                literal.append(c)
                continue
            }
            guard let close = text.firstIndex(of: "}") else { preconditionFailure("unclosed '{' in pattern \(pattern)") }
            var name = String(text[..<close])
            text = text[text.index(after: close)...]
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = ""
            if name.hasSuffix("*") {
                name.removeLast()
                tokens.append(.rest(name))
            } else if name.hasSuffix("@") {
                name.removeLast()
                tokens.append(.name(name, allowAt: true))
            } else {
                tokens.append(.name(name, allowAt: false))
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
    }

    /// The names this pattern captures.
    public var captureNames: [String] {
        tokens.compactMap {
            switch $0 {
            case .name(let n, _), .rest(let n): n
            case .literal: nil
            }
        }
    }

    /// The captures when `path` matches, else `nil`.
    public func match(_ path: String) -> [String: String]? {
        let chars = Array(path)
        var captures: [String: String] = [:]
        if matchTokens(0, chars, 0, &captures) { return captures }
        if optionalTrailingSlash, chars.last == "/" {
            captures = [:]
            if matchTokens(0, Array(chars.dropLast()), 0, &captures) { return captures }
        }
        return nil
    }

    private func matchTokens(_ t: Int, _ s: [Character], _ i: Int, _ captures: inout [String: String]) -> Bool {
        if t == tokens.count { return i == s.count }
        switch tokens[t] {
        case .literal(let lit):
            let l = Array(lit)
            guard i + l.count <= s.count, Array(s[i..<(i + l.count)]) == l else { return false }
            return matchTokens(t + 1, s, i + l.count, &captures)
        case .name(let name, let allowAt):
            var j = i
            while j < s.count, Self.isNameCharacter(s[j], allowAt: allowAt) { j += 1 }
            // Longest first; a name is never empty.
            while j > i {
                captures[name] = String(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        case .rest(let name):
            var j = s.count
            while j >= i {
                captures[name] = String(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        }
    }

    static func isNameCharacter(_ c: Character, allowAt: Bool) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || (allowAt && c == "@")
    }
}
