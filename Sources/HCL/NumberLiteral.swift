/// Reads the value of a number literal: Go-style integer prefixes (`0x` hex, leading-zero octal)
/// and decimal floating point, with an exact 64-bit integer whenever the value is integral.
enum NumberLiteral {
    /// The value of `text`, or `nil` when it is not a well-formed literal.
    static func evaluate(_ text: Substring) -> (int64: Int64?, double: Double)? {
        var body = text
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        if body.count > 2, body.hasPrefix("0x") || body.hasPrefix("0X") {
            return integer(body.dropFirst(2), radix: 16, negative: negative)
        }
        if body.count > 1, first == "0", body.allSatisfy(isDigit) {
            return integer(body.dropFirst(), radix: 8, negative: negative)
        }
        return decimal(text, body: body, negative: negative)
    }

    private static func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }

    /// An integer in `radix`; it must fit in 64 bits.
    private static func integer(_ digits: Substring, radix: Int, negative: Bool) -> (int64: Int64?, double: Double)? {
        guard let magnitude = UInt64(digits, radix: radix) else { return nil }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard magnitude <= limit else { return nil }
        let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
        return (value, Double(value))
    }

    /// `digits [. digits] [(e|E) [+|-] digits]`.
    private static func decimal(_ text: Substring, body: Substring, negative: Bool) -> (int64: Int64?, double: Double)? {
        var rest = body
        let whole = rest.prefix(while: isDigit)
        rest = rest.dropFirst(whole.count)
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix(while: isDigit)
            guard !fraction.isEmpty else { return nil }
            rest = rest.dropFirst(1 + fraction.count)
        }
        var exponent = 0
        var exponentOverflow = false
        if let e = rest.first, e == "e" || e == "E" {
            rest = rest.dropFirst()
            var exponentNegative = false
            if let sign = rest.first, sign == "-" || sign == "+" {
                exponentNegative = sign == "-"
                rest = rest.dropFirst()
            }
            let digits = rest.prefix(while: isDigit)
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            if let magnitude = Int(digits), magnitude < 100_000 {
                exponent = exponentNegative ? -magnitude : magnitude
            } else {
                exponentOverflow = true
            }
        }
        guard rest.isEmpty, let double = Double(String(text)) else { return nil }
        let int64 = exponentOverflow ? nil : exactInteger(whole + fraction, scale: exponent - fraction.count, negative: negative)
        return (int64, double)
    }

    /// `digits × 10^scale` when that is an integer within 64 bits.
    private static func exactInteger(_ digits: Substring, scale: Int, negative: Bool) -> Int64? {
        var significant = digits.drop { $0 == "0" }
        if significant.isEmpty { return 0 }
        var scale = scale
        while scale < 0, significant.last == "0" {
            significant = significant.dropLast()
            scale += 1
        }
        guard scale >= 0, significant.count + scale <= 19 else { return nil }
        let text = (negative ? "-" : "") + significant + String(repeating: "0", count: scale)
        return Int64(text)
    }
}
