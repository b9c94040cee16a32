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
    /// Each literal token's UTF-8 bytes (empty for the other tokens), for matching ASCII paths.
    let literalBytes: [[UInt8]]
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
        literalBytes = tokens.map {
            if case .literal(let text) = $0 { Array(text.utf8) } else { [] }
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
    public func match(_ path: String) -> [String: String]? {
        let bytes = Array(path.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return match(ascii: bytes) }
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

    /// `match` for a path that is all ASCII, given as its bytes: the same grammar, without
    /// splitting the path into `Character`s (the router tries every pattern on every request).
    func match(ascii path: [UInt8]) -> [String: String]? {
        var captures: [String: String] = [:]
        if matchTokens(0, path, 0, &captures) { return captures }
        if optionalTrailingSlash, path.last == UInt8(ascii: "/") {
            captures = [:]
            if matchTokens(0, Array(path.dropLast()), 0, &captures) { return captures }
        }
        return nil
    }

    private func matchTokens(_ t: Int, _ s: [UInt8], _ i: Int, _ captures: inout [String: String]) -> Bool {
        if t == tokens.count { return i == s.count }
        switch tokens[t] {
        case .literal:
            let l = literalBytes[t]
            guard i + l.count <= s.count, s[i..<(i + l.count)].elementsEqual(l) else { return false }
            return matchTokens(t + 1, s, i + l.count, &captures)
        case .name(let name, let allowAt):
            var j = i
            while j < s.count, Self.isNameByte(s[j], allowAt: allowAt) { j += 1 }
            while j > i {
                captures[name] = String(decoding: s[i..<j], as: UTF8.self)
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        case .rest(let name):
            var j = s.count
            while j >= i {
                captures[name] = String(decoding: s[i..<j], as: UTF8.self)
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        }
    }

    /// `isNameCharacter` for an ASCII byte.
    static func isNameByte(_ b: UInt8, allowAt: Bool) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        case UInt8(ascii: "@"): allowAt
        default: false
        }
    }

    static func isNameCharacter(_ c: Character, allowAt: Bool) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || (allowAt && c == "@")
    }
}
