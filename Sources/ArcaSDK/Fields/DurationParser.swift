/// Parses Vault durations: a bare integer is seconds; otherwise a sequence of
/// `<number><unit>` with units `ns us µs ms s m h d`, as in `1h30m`, `90s`, `1.5h`, `7d`.
public enum DurationParser {
    /// The duration in whole seconds (fractions truncated), or `nil` when `text` is not a duration.
    public static func seconds(_ text: String) -> Int64? {
        let s = text.trimmingSpaces()
        if s.isEmpty { return nil }
        if let whole = Int64(s) { return whole >= 0 ? whole : nil }
        var total = 0.0
        var rest = Substring(s)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            guard let factor = unitSeconds[String(unit)] else { return nil }
            total += value * factor
        }
        guard total.isFinite, total < 9.2e18 else { return nil }
        return Int64(total)
    }

    private static let unitSeconds: [String: Double] = [
        "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400,
    ]
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
