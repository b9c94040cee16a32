/// Glob matching where `*` stands for any run of characters (possibly empty) and every other
/// character is literal, as Vault's bound claims and Kubernetes bindings use it.
package enum Glob {
    /// Whether `subject` matches `pattern`.
    package static func matches(_ pattern: String, _ subject: String) -> Bool {
        if pattern == "*" { return true }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let s = Array(subject.utf8)
        guard parts.count > 1 else { return s == parts[0] }
        let first = parts[0]
        let last = parts[parts.count - 1]
        guard s.count >= first.count + last.count, s.starts(with: first), s.suffix(last.count).elementsEqual(last) else {
            return false
        }
        // The middle pieces must appear in order between the fixed prefix and suffix; taking the
        // leftmost occurrence of each is optimal when `*` is the only wildcard.
        var position = first.count
        let end = s.count - last.count
        for piece in parts.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = find(piece, in: s, from: position, before: end) else { return false }
            position = found + piece.count
        }
        return true
    }

    /// Whether any pattern in `patterns` matches `subject`.
    package static func anyMatches(_ patterns: [String], _ subject: String) -> Bool {
        patterns.contains { matches($0, subject) }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int) -> Int? {
        guard end - start >= needle.count else { return nil }
        for i in start...(end - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
