/// Reads durations the way Vault's tune endpoints do, with the error texts Go gives (clients and
/// the CLI show them verbatim): a whole number is seconds (`"90"`, `"-5"`), `<whole>d` is days,
/// anything else is a Go duration (`1h30m`, `1.5h`, `-1h0m0s`, `500ms`) truncated to seconds.
/// No spaces are trimmed, as in Vault.
package enum GoDuration {
    package struct ParseError: Error, Equatable {
        package let message: String
        package init(message: String) { self.message = message }
    }

    package static func seconds(_ text: String) throws(ParseError) -> Int {
        if let whole = Int(text) { return whole }
        if text.hasSuffix("d") {
            let days = String(text.dropLast())
            guard let n = Int(days) else {
                throw ParseError(message: "strconv.ParseInt: parsing \(quote(days)): invalid syntax")
            }
            return n * 86_400
        }
        return Int(try nanoseconds(text) / 1_000_000_000)
    }

    /// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`.
    static func nanoseconds(_ original: String) throws(ParseError) -> Int64 {
        let invalid = ParseError(message: "time: invalid duration \(quote(original))")
        var rest = Substring(original)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        if rest.isEmpty { throw invalid }
        var total = 0.0
        while !rest.isEmpty {
            let whole = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: \.isASCIIDigit)
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty, let value = Double("0\(whole).\(fraction)0") else { throw invalid }
            let unit = rest.prefix { $0 != "." && !$0.isASCIIDigit }
            rest = rest.dropFirst(unit.count)
            if unit.isEmpty { throw ParseError(message: "time: missing unit in duration \(quote(original))") }
            guard let scale = units[String(unit)] else {
                throw ParseError(message: "time: unknown unit \(quote(String(unit))) in duration \(quote(original))")
            }
            total += value * scale
            guard total < 9.223372036854775e18 else { throw invalid }
        }
        return negative ? -Int64(total) : Int64(total)
    }

    private static let units: [String: Double] = [
        "ns": 1, "us": 1e3, "\u{00B5}s": 1e3, "\u{03BC}s": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]

    /// Go's `%q` for the plain text these messages quote.
    static func quote(_ s: String) -> String {
        "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
