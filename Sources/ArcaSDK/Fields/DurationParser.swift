/// Parses Vault durations: a bare integer is seconds; otherwise a sequence of
/// `<number><unit>` with units `ns us µs μs ms s m h d`, as in `1h30m`, `90s`, `1.5h`, `7d`.
public enum DurationParser {
    /// The duration in whole seconds (fractions truncated), or `nil` when `text` is not a duration.
    /// Scans the UTF-8 bytes: every token create and login parses its TTL fields here, and the
    /// scan by `Character` (grapheme breaking and Unicode properties per character) showed in
    /// their profiles. A number is ASCII digits and dots; any other character belongs to a unit,
    /// so a duration with digits of another script fails, as it did when `Double` refused them.
    public static func seconds(_ text: String) -> Int64? {
        let s = text.trimmingSpaces()
        if s.isEmpty { return nil }
        if let whole = Int64(s) { return whole >= 0 ? whole : nil }
        var total = 0.0
        var utf8 = s.utf8[...]
        while !utf8.isEmpty {
            let number = utf8.prefix(while: isNumberByte)
            guard !number.isEmpty, let value = Double(Substring(number)) else { return nil }
            utf8 = utf8[number.endIndex...]
            let unit = utf8.prefix { !isNumberByte($0) }
            utf8 = utf8[unit.endIndex...]
            guard let factor = unitSeconds(unit) else { return nil }
            total += value * factor
        }
        guard total.isFinite, total < 9.2e18 else { return nil }
        return Int64(total)
    }

    private static func isNumberByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || b == 0x2e }

    /// Seconds per unit: `ns us µs μs ms s m h d`. Microseconds take `u`, the micro sign (U+00B5)
    /// and the Greek mu (U+03BC), as Go's duration parser (and so OpenBao) does.
    private static func unitSeconds(_ unit: Substring.UTF8View) -> Double? {
        var bytes = unit.makeIterator()
        return switch (bytes.next(), bytes.next(), bytes.next(), bytes.next()) {
        case (0x73?, nil, nil, nil): 1  // s
        case (0x6d?, nil, nil, nil): 60  // m
        case (0x68?, nil, nil, nil): 3600  // h
        case (0x64?, nil, nil, nil): 86400  // d
        case (0x6d?, 0x73?, nil, nil): 1e-3  // ms
        case (0x75?, 0x73?, nil, nil), (0xc2?, 0xb5?, 0x73?, nil), (0xce?, 0xbc?, 0x73?, nil): 1e-6  // us, µs, μs
        case (0x6e?, 0x73?, nil, nil): 1e-9  // ns
        default: Double?.none
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Printable ASCII at both ends (the usual case) cannot be white space.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self
        }
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
