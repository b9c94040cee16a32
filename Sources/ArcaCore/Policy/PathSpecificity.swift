/// Vault's rules for policy paths with `*` (a trailing prefix glob) and `+` (one whole segment),
/// and for choosing the most specific of several matching globs:
///
/// 1. the later the first wildcard, the more specific;
/// 2. a path ending in `*` is less specific than one that does not;
/// 3. fewer `+` segments are more specific;
/// 4. a longer pattern is more specific;
/// 5. finally, the lexicographically greater pattern wins.
enum PathSpecificity {
    static func matches(pattern: String, path: String) -> Bool { Pattern(pattern).matches(path) }

    /// A policy path split once into what matching needs, so a request does not re-split it.
    struct Pattern: Sendable {
        let text: String
        /// The pattern without its trailing `*`.
        let literal: Substring
        let prefixGlob: Bool
        /// The segments, when some segment is `+`; `nil` for a plain literal or prefix pattern.
        let segments: [Substring]?

        init(_ pattern: String) {
            text = pattern
            prefixGlob = pattern.hasSuffix("*")
            literal = prefixGlob ? pattern.dropLast() : Substring(pattern)
            let split = literal.split(separator: "/", omittingEmptySubsequences: false)
            segments = split.contains("+") ? split : nil
        }

        func matches(_ path: String) -> Bool {
            guard let segments else { return prefixGlob ? path.hasPrefix(literal) : path == literal }
            let pathSegments = path.split(separator: "/", omittingEmptySubsequences: false)
            guard pathSegments.count >= segments.count else { return false }
            if !prefixGlob && pathSegments.count != segments.count { return false }
            for (i, p) in segments.enumerated() {
                let s = pathSegments[i]
                if p == "+" { continue }
                let isLast = i == segments.count - 1
                if isLast && prefixGlob {
                    if !s.hasPrefix(p) { return false }
                } else if s != p {
                    return false
                }
            }
            return true
        }
    }

    static func firstWildcard(_ p: String) -> Int {
        let chars = Array(p)
        for (i, c) in chars.enumerated() where c == "*" || (c == "+" && (i == 0 || chars[i - 1] == "/")) { return i }
        return chars.count
    }

    static func plusCount(_ p: String) -> Int { p.split(separator: "/", omittingEmptySubsequences: false).filter { $0 == "+" }.count }

    /// Whether `a` is less specific than `b`.
    static func lessSpecific(_ a: String, than b: String) -> Bool {
        let wa = firstWildcard(a), wb = firstWildcard(b)
        if wa != wb { return wa < wb }
        let sa = a.hasSuffix("*"), sb = b.hasSuffix("*")
        if sa != sb { return sa }
        let pa = plusCount(a), pb = plusCount(b)
        if pa != pb { return pa > pb }
        if a.count != b.count { return a.count < b.count }
        return a < b
    }
}
