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
    /// Each literal token's Unicode scalars and UTF-8 bytes (empty for the other tokens).
    let literalScalars: [[Unicode.Scalar]]
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
        literalScalars = tokens.map {
            if case .literal(let text) = $0 { Array(text.unicodeScalars) } else { [] }
        }
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
    public func match(_ path: String) -> [String: String]? { PathUnits(path).match(self) }

    /// `match` for a path already split into units: Unicode scalars, or UTF-8 bytes when the
    /// path is all ASCII (then each byte is a scalar). The router splits a request's path once and
    /// tries every pattern on it; neither unit needs grapheme breaking.
    func match<Unit: PathUnit>(units path: [Unit]) -> [String: String]? {
        var captures: [String: String] = [:]
        if matchTokens(0, path, 0, &captures) { return captures }
        if optionalTrailingSlash, path.last == Unit.slash {
            captures = [:]
            if matchTokens(0, Array(path.dropLast()), 0, &captures) { return captures }
        }
        return nil
    }

    private func matchTokens<Unit: PathUnit>(_ t: Int, _ s: [Unit], _ i: Int, _ captures: inout [String: String]) -> Bool {
        if t == tokens.count { return i == s.count }
        switch tokens[t] {
        case .literal:
            let l = Unit.literal(self, t)
            guard i + l.count <= s.count, s[i..<(i + l.count)].elementsEqual(l) else { return false }
            return matchTokens(t + 1, s, i + l.count, &captures)
        case .name(let name, let allowAt):
            var j = i
            while j < s.count, s[j].isNameUnit(allowAt: allowAt) { j += 1 }
            // Longest first; a name is never empty.
            while j > i {
                captures[name] = Unit.string(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        case .rest(let name):
            var j = s.count
            while j >= i {
                captures[name] = Unit.string(s[i..<j])
                if matchTokens(t + 1, s, j, &captures) { return true }
                j -= 1
            }
            captures[name] = nil
            return false
        }
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

/// A path split once for matching against any number of patterns: as bytes when it is all ASCII
/// (nearly always), else as Unicode scalars.
enum PathUnits {
    case bytes([UInt8])
    case scalars([Unicode.Scalar])

    init(_ path: String) {
        let bytes = Array(path.utf8)
        self = bytes.allSatisfy({ $0 < 0x80 }) ? .bytes(bytes) : .scalars(Array(path.unicodeScalars))
    }

    func match(_ pattern: PathPattern) -> [String: String]? {
        switch self {
        case .bytes(let units): pattern.match(units: units)
        case .scalars(let units): pattern.match(units: units)
        }
    }
}

/// What a path is matched in: Unicode scalars, or the bytes of an all-ASCII path.
protocol PathUnit: Equatable {
    static var slash: Self { get }
    /// Literal token `t` of `pattern` in these units.
    static func literal(_ pattern: PathPattern, _ t: Int) -> [Self]
    func isNameUnit(allowAt: Bool) -> Bool
    static func string(_ units: ArraySlice<Self>) -> String
}

extension Unicode.Scalar: PathUnit {
    static var slash: Unicode.Scalar { "/" }
    static func literal(_ pattern: PathPattern, _ t: Int) -> [Unicode.Scalar] { pattern.literalScalars[t] }
    func isNameUnit(allowAt: Bool) -> Bool { PathPattern.isNameScalar(self, allowAt: allowAt) }
    static func string(_ units: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: units)
        return String(view)
    }
}

/// Only for paths whose every byte is ASCII: there a byte is a whole scalar, and a literal with
/// bytes beyond ASCII can never match, as its scalars could not either.
extension UInt8: PathUnit {
    static var slash: UInt8 { UInt8(ascii: "/") }
    static func literal(_ pattern: PathPattern, _ t: Int) -> [UInt8] { pattern.literalBytes[t] }
    func isNameUnit(allowAt: Bool) -> Bool { PathPattern.isNameScalar(Unicode.Scalar(self), allowAt: allowAt) }
    static func string(_ units: ArraySlice<UInt8>) -> String { String(decoding: units, as: UTF8.self) }
}
