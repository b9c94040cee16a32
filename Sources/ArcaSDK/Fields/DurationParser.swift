/// Durations, read once and bounded: nothing a client sends becomes a number of seconds past
/// `maxSeconds`, so the time arithmetic done with it afterwards (`now + ttl`) cannot overflow.
public enum DurationParser {
    /// The longest duration, whole seconds: what Go's `time.Duration` holds (2^63 ns, about 292
    /// years), so the bound is OpenBao's and larger values are refused as it refuses them.
    public static let maxSeconds: Int64 = 9_223_372_036

    /// OpenBao's text for a whole number of seconds or days too large for a duration.
    public static let overflowMessage = "multiplication of durations resulted in overflow, one operand may be too large"

    /// Vault's reading of a duration (`parseutil.ParseDurationSecond`), in nanoseconds: `""` is 0,
    /// a whole number (`"90"`, `"-5"`, `"+5"`) is seconds, `<whole>d` is days, anything else is a
    /// Go duration (`1h30m`, `1.5h`, `-1h`, `500ms`). No spaces are trimmed, as in Vault. The
    /// errors are OpenBao's texts.
    public static func vaultNanoseconds(_ text: String) throws(FieldCoercionError) -> Int64 {
        if text.isEmpty { return 0 }
        if case .value(let whole) = GoInt.parse(Substring(text)) { return try scaled(whole, by: 1_000_000_000) }
        if text.hasSuffix("d") {
            let days = text.dropLast()
            switch GoInt.parse(days) {
            case .value(let n): return try scaled(n, by: 86_400 * 1_000_000_000)
            case .syntax: throw FieldCoercionError("strconv.ParseInt: parsing \(GoDurationSyntax.quote(String(days))): invalid syntax")
            case .range: throw FieldCoercionError("strconv.ParseInt: parsing \(GoDurationSyntax.quote(String(days))): value out of range")
            }
        }
        return try GoDurationSyntax.nanoseconds(text)
    }

    /// `vaultNanoseconds` in whole seconds, truncated toward zero (as Vault's `int(d.Seconds())`);
    /// signed, within ±`maxSeconds`.
    public static func vaultSeconds(_ text: String) throws(FieldCoercionError) -> Int64 {
        try vaultNanoseconds(text) / 1_000_000_000
    }

    private static func scaled(_ n: Int64, by unit: Int64) throws(FieldCoercionError) -> Int64 {
        let (product, overflow) = n.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw FieldCoercionError(overflowMessage) }
        return product
    }

    /// A lenient reading for configuration and policy files: a bare integer is seconds; otherwise
    /// a sequence of `<number><unit>` with units `ns us µs μs ms s m h d`, as in `1h30m`, `90s`,
    /// `1.5h`, `7d`, white space around it ignored. The duration in whole seconds (fractions
    /// truncated), or `nil` when `text` is not a duration, is negative or is longer than `maxSeconds`.
    /// Scans the UTF-8 bytes: a number is ASCII digits and dots; any other character belongs to a
    /// unit, so a duration with digits of another script fails.
    public static func seconds(_ text: String) -> Int64? {
        let s = text.trimmingSpaces()
        if s.isEmpty { return nil }
        if let whole = Int64(s) { return (0...maxSeconds).contains(whole) ? whole : nil }
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
        guard total.isFinite, total < Double(maxSeconds + 1) else { return nil }
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
