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
    /// Each literal token's Unicode scalars (empty for the other tokens).
    let literalScalars: [[Unicode.Scalar]]
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
        literalScalars = tokens.map {
            if case .literal(let text) = $0 { Array(text.unicodeScalars) } else { [] }
        }
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
    public func match(_ path: String) -> [String: String]? { match(scalars: Array(path.unicodeScalars)) }

    /// `match` for a path already split into Unicode scalars (the router splits a request's path
    /// once and tries every pattern on it; scalars, unlike `Character`s, need no grapheme breaking).
    func match(scalars path: [Unicode.Scalar]) -> [String: String]? {
        var captures: [String: String] = [:]
        if matchTokens(0, path, 0, &captures) { return captures }
        if optionalTrailingSlash, path.last == "/" {
            captures = [:]
            if matchTokens(0, Array(path.dropLast()), 0, &captures) { return captures }
        }
        return nil
    }

    private func matchTokens(_ t: Int, _ s: [Unicode.Scalar], _ i: Int, _ captures: inout [String: String]) -> Bool {
        if t == tokens.count { return i == s.count }
        switch tokens[t] {
        case .literal:
            let l = literalScalars[t]
            guard i + l.count <= s.count, s[i..<(i + l.count)].elementsEqual(l) else { return false }
            return matchTokens(t + 1, s, i + l.count, &captures)
        case .name(let name, let allowAt):
            var j = i
            while j < s.count, Self.isNameScalar(s[j], allowAt: allowAt) { j += 1 }
            // Longest first; a name is never empty.
            while j > i {
                captures[name] = Self.string(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        case .rest(let name):
            var j = s.count
            while j >= i {
                captures[name] = Self.string(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Letters, digits, `_`, `-`, `.` (and `@` when allowed). Beyond ASCII, letters, numbers and
    /// the combining marks that may follow them.
    static func isNameScalar(_ u: Unicode.Scalar, allowAt: Bool) -> Bool {
        switch u {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": return true
        case "@": return allowAt
        case "\u{0}"..."\u{7F}": return false
        default:
            let p = u.properties
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return p.isAlphabetic || p.numericType != nil
            }
        }
    }
}
