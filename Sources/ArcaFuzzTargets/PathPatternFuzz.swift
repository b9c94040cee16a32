import ArcaFuzzing
import ArcaSDK

/// `PathPattern`: an input is `pattern` LF `path`. A match's captures, put back into the
/// pattern, rebuild the path (less an optional trailing slash), name captures are non-empty
/// names, and on ASCII paths the match agrees, captures included, with a regular expression
/// built independently from the same pattern.
enum PathPatternFuzz {
    static let target = FuzzTarget(
        name: "path-pattern",
        seeds: [
            "data/{path*}\ndata/a/b/c", "metadata/{path*}/?\nmetadata/", "roles/{name}\nroles/my-role.v2",
            "role/{role_name}/secret-id/{accessor@}\nrole/r/secret-id/a@b", "{a}{b}\nabc", "{x*}/{y}/{z*}\n/a//b/",
            "login/{name}/?\nlogin/é/", "keys/{name}/rotate\nkeys/clé\u{301}/rotate", "config\nconfig/",
        ],
        dictionary: ["{", "}", "{name}", "{path*}", "{id@}", "/?", "/", "*", "@", ".", "-", "_", "é", "\u{301}", "日", " ", "%2F"],
        maxLength: 256,
        generator: generate,
        body: .sync(check))

    enum Token: Equatable {
        case literal(String)
        case name(String, allowAt: Bool)
        case rest(String)
    }

    /// The pattern grammar, read independently of `PathPattern`; `nil` for a pattern it would
    /// refuse (an unclosed `{`, which traps by design: patterns are constants in the code).
    static func tokens(_ pattern: String) -> (tokens: [Token], optionalSlash: Bool)? {
        var text = Substring(pattern)
        let optionalSlash = text.hasSuffix("/?")
        if optionalSlash { text = text.dropLast(2) }
        var tokens: [Token] = []
        var literal = ""
        while let c = text.first {
            text.removeFirst()
            guard c == "{" else { literal.append(c); continue }
            guard let close = text.firstIndex(of: "}") else { return nil }
            var name = String(text[..<close])
            text = text[text.index(after: close)...]
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = ""
            if name.hasSuffix("*") { name.removeLast(); tokens.append(.rest(name)) }
            else if name.hasSuffix("@") { name.removeLast(); tokens.append(.name(name, allowAt: true)) }
            else { tokens.append(.name(name, allowAt: false)) }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return (tokens, optionalSlash)
    }

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return .rejected }
        let pattern = String(text[..<newline]), path = String(text[text.index(after: newline)...])
        guard let (tokens, optionalSlash) = tokens(pattern) else { return .rejected }
        // Backtracking over several `*` captures is exponential; real patterns have at most two.
        guard tokens.count { if case .rest = $0 { true } else { false } } <= 3 else { return .rejected }
        let compiled = PathPattern(pattern)
        try fuzzRequire(compiled.description == pattern, "description is not the pattern")
        let names = tokens.compactMap { t -> String? in
            switch t {
            case .literal: nil
            case .name(let n, _), .rest(let n): n
            }
        }
        try fuzzRequire(compiled.captureNames == names, "capture names \(compiled.captureNames) != \(names)")
        let match = compiled.match(path)
        let unique = Set(names).count == names.count
        if let captures = match, unique {
            try fuzzRequire(Set(captures.keys) == Set(names), "captures \(captures.keys.sorted()) for names \(names)")
            var rebuilt = ""
            for t in tokens {
                switch t {
                case .literal(let l): rebuilt += l
                case .name(let n, let allowAt):
                    let v = captures[n] ?? ""
                    try fuzzRequire(!v.isEmpty, "empty capture for {\(n)}")
                    try fuzzRequire(
                        v.unicodeScalars.allSatisfy { isNameScalar($0, allowAt: allowAt) }, "capture \(v.debugDescription) is not a name")
                    rebuilt += v
                case .rest(let n): rebuilt += captures[n] ?? ""
                }
            }
            let same = Array(rebuilt.unicodeScalars) == Array(path.unicodeScalars)
            let lessSlash = optionalSlash && path.hasSuffix("/") && Array(rebuilt.unicodeScalars) == Array(path.unicodeScalars.dropLast())
            try fuzzRequire(same || lessSlash, "captures rebuild \(rebuilt.debugDescription), not the path")
        }
        if path.utf8.allSatisfy({ $0 < 0x80 }), pattern.utf8.allSatisfy({ $0 < 0x80 }), unique {
            let expected = referenceMatch(tokens, optionalSlash, path)
            try fuzzRequire(match == expected, "match \(String(describing: match)) but the reference gives \(String(describing: expected))")
        }
        return match == nil ? .rejected : .accepted
    }

    /// The same pattern as a regular expression over Unicode scalars, tried on the whole path and
    /// then (for `/?`) on the path less its final slash, as the pattern's documentation says.
    static func referenceMatch(_ tokens: [Token], _ optionalSlash: Bool, _ path: String) -> [String: String]? {
        var source = ""
        for t in tokens {
            switch t {
            case .literal(let l):
                for c in l.unicodeScalars {
                    source += c.properties.isAlphabetic && c.isASCII || ("0"..."9").contains(c) ? String(c) : "\\x{\(String(c.value, radix: 16))}"
                }
            case .name(_, let allowAt): source += allowAt ? "([A-Za-z0-9_.@\\-]+)" : "([A-Za-z0-9_.\\-]+)"
            case .rest: source += "(.*)"
            }
        }
        guard let regex = try? Regex(source).matchingSemantics(.unicodeScalar).dotMatchesNewlines() else { return nil }
        let names = tokens.compactMap { t -> String? in
            switch t {
            case .literal: nil
            case .name(let n, _), .rest(let n): n
            }
        }
        func attempt(_ s: String) -> [String: String]? {
            guard let m = try? regex.wholeMatch(in: s) else { return nil }
            var out: [String: String] = [:]
            for (i, n) in names.enumerated() {
                out[n] = m.output[i + 1].substring.map(String.init) ?? ""
            }
            return out
        }
        if let m = attempt(path) { return m }
        if optionalSlash, path.hasSuffix("/") { return attempt(String(path.dropLast())) }
        return nil
    }

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

    /// A valid pattern, and a path made to fit it (sometimes broken a little).
    @Sendable static func generate(_ rng: inout FuzzRandom) -> [UInt8] {
        let literals = ["config", "data/", "/", "roles/", "-", ".", "/rotate", "secret-id/", "é", "a/b", "@", "x"]
        var pattern = "", path = ""
        var n = 0
        for _ in 0..<(1 + rng.below(5)) {
            switch rng.below(4) {
            case 0, 1:
                let l = rng.pick(literals)
                pattern += l
                path += l
            case 2:
                let at = rng.oneIn(3)
                pattern += "{n\(n)\(at ? "@" : "")}"
                n += 1
                path += rng.string(from: ["a", "Z", "9", "_", "-", ".", "@", "é", "/", "日"], length: rng.below(6))
            default:
                pattern += "{r\(n)*}"
                n += 1
                path += rng.string(from: ["a", "/", ".", "-", "é", "@", " "], length: rng.below(8))
            }
        }
        if rng.oneIn(3) { pattern += "/?" }
        if rng.oneIn(3) { path += "/" }
        return Array((pattern + "\n" + path).utf8)
    }
}
