import ArcaSDK

/// Creation, revocation, renewal and rotation statements: `{{name}}`, `{{username}}`,
/// `{{password}}` and `{{expiration}}` are substituted, and each configured entry may hold
/// several statements separated by `;`, all run in one transaction.
///
/// The values come from outside the operator's control (a user name carries a token's display
/// name, which a JWT claim can set), so a value can never change a statement's shape, whatever
/// quotes the operator wrote around the template: a value holding a quote (`'` or `"`), a
/// backslash (an escape in `E'…'` strings, or in every string when `standard_conforming_strings`
/// is off), NUL or another control character is refused wherever it goes, since no escaping is
/// right at every nesting depth (a `DO $$ … EXECUTE '…' … $$` body is parsed twice). Written
/// bare, a value may only hold letters, digits and `_`; inside a `$tag$` body it may not hold a
/// dollar delimiter; inside a `/* */` comment not `*/`. Generated names and passwords never hold
/// any of these, so only a custom password policy or an odd static user name can meet a refusal.
enum StatementTemplate {
    /// - Throws: `LogicalError.invalidRequest` naming the template (never the value: it may be a password).
    static func render(_ statements: [String], values: [String: String]) throws -> [String] {
        try statements.flatMap { split($0) }.map { try substitute($0, values: values) }
    }

    /// Where a template sits in a statement, as PostgreSQL's lexer sees it.
    enum Place: Equatable {
        case bare, identifier, literal, comment
    }

    static func substitute(_ statement: String, values: [String: String]) throws -> String {
        var out = ""
        var lexer = Lexer()
        let chars = Array(statement)
        var i = 0
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{", let close = closing(chars, from: i + 2),
                let value = values[String(chars[(i + 2)..<close])]
            {
                try check(value, key: String(chars[(i + 2)..<close]), place: lexer.place, inBody: lexer.inBody)
                out += value
                i = close + 2
                continue
            }
            lexer.consume(chars, at: &i, into: &out)
        }
        return out
    }

    /// The index of the `}}` that ends a template name starting at `from`, if the name is a plain word.
    static func closing(_ chars: [Character], from: Int) -> Int? {
        var j = from
        while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j] == "_" { j += 1 }
        guard j > from, j + 1 < chars.count, chars[j] == "}", chars[j + 1] == "}" else { return nil }
        return j
    }

    /// Whether `value` may stand at `place`; the error names the template, never the value.
    static func check(_ value: String, key: String, place: Place, inBody: Bool) throws {
        let quoteOrEscape: Set<Unicode.Scalar> = ["'", "\"", "\\"]
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F || quoteOrEscape.contains(scalar) {
            throw LogicalError.invalidRequest(
                "the value for {{\(key)}} contains a quote, a backslash or a control character and cannot be used in a SQL statement")
        }
        if inBody, value.indices.contains(where: { value[$0] == "$" && Lexer.delimiter(Array(value[$0...]), at: 0) != nil }) {
            throw LogicalError.invalidRequest("the value for {{\(key)}} contains a dollar-quote delimiter and cannot be used inside a $$ body")
        }
        switch place {
        case .identifier, .literal: return
        case .comment:
            if value.contains("*/") {
                throw LogicalError.invalidRequest("the value for {{\(key)}} cannot be used inside a comment")
            }
        case .bare:
            // An empty bare value would drop a word from the statement (`DROP ROLE IF EXISTS `).
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw LogicalError.invalidRequest(
                    "{{\(key)}} must be quoted in SQL statements: write \"{{\(key)}}\" for a name or '{{\(key)}}' for a string")
            }
        }
    }

    /// Tracks quotes, comments and `$tag$` bodies while copying a statement. Inside a body the
    /// quotes are those of the nested code (parsed again when it runs); the body ends at its
    /// delimiter whatever they are, as PostgreSQL's outer lexer sees it.
    struct Lexer {
        var single = false, double = false, lineComment = false, blockComment = false
        /// The delimiters of the dollar-quoted bodies we are in, innermost last.
        var bodies: [String] = []

        var inBody: Bool { !bodies.isEmpty }

        var place: Place {
            if lineComment || blockComment { return .comment }
            if double { return .identifier }
            if single { return .literal }
            return .bare
        }

        /// Copies one token (a character, a comment mark or a dollar delimiter) and updates the state.
        mutating func consume(_ chars: [Character], at i: inout Int, into out: inout String) {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            var token = String(c)
            if let tag = bodies.last, c == "$", Self.delimiter(chars, at: i) == tag {
                bodies.removeLast()
                (single, double, lineComment, blockComment) = (false, false, false, false)
                token = tag
            } else if lineComment {
                // PostgreSQL ends it at \n or \r; "\r\n" is one Character, hence the scalars.
                if c.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) { lineComment = false }
            } else if blockComment {
                if c == "*" && next == "/" {
                    blockComment = false
                    token = "*/"
                }
            } else if single {
                if c == "'" { single = false }  // a doubled '' closes and reopens: same state after
            } else if double {
                if c == "\"" { double = false }
            } else if c == "'" {
                single = true
            } else if c == "\"" {
                double = true
            } else if c == "-" && next == "-" {
                lineComment = true
            } else if c == "/" && next == "*" {
                blockComment = true
                token = "/*"
            } else if c == "$", let tag = Self.delimiter(chars, at: i), !Self.identifierCharacter(before: i, chars) {
                bodies.append(tag)
                token = tag
            }
            out += token
            i += token.count
        }

        /// `$$` or `$tag$` starting at `i` (a tag is a letter or `_`, then letters, digits, `_`).
        static func delimiter(_ chars: [Character], at i: Int) -> String? {
            guard i < chars.count, chars[i] == "$" else { return nil }
            var j = i + 1
            while j < chars.count, chars[j] != "$" {
                let ch = chars[j]
                guard ch.isASCII, ch.isLetter || ch == "_" || (j > i + 1 && ch.isNumber) else { return nil }
                j += 1
            }
            guard j < chars.count else { return nil }
            return String(chars[i...j])
        }

        /// A `$` right after an identifier character is part of a name (`a$1`), not a delimiter.
        static func identifierCharacter(before i: Int, _ chars: [Character]) -> Bool {
            guard i > 0 else { return false }
            let p = chars[i - 1]
            return p.isASCII && (p.isLetter || p.isNumber || p == "_")
        }
    }

    /// Splits on `;` outside single quotes, double quotes and `$$` bodies; drops empty pieces.
    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var single = false, double = false, dollar = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if !single && !double && c == "$" && i + 1 < chars.count && chars[i + 1] == "$" {
                dollar.toggle()
                current += "$$"
                i += 2
                continue
            }
            if !dollar {
                if c == "'" && !double { single.toggle() }
                if c == "\"" && !single { double.toggle() }
            }
            if c == ";" && !single && !double && !dollar {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        pieces.append(current)
        return pieces.map { trim($0) }.filter { !$0.isEmpty }
    }

    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while t.first?.isWhitespace == true { t.removeFirst() }
        while t.last?.isWhitespace == true { t.removeLast() }
        return String(t)
    }
}
