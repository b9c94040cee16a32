/// Go's `time.ParseDuration`, which Vault applies to every duration that is not a whole number:
/// `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` or a bare `0`, with units `ns us µs μs ms s m h`, read in
/// exact integer nanoseconds and refused past ±2^63 ns (about 292 years), with Go's error texts
/// (clients and the CLIs show them verbatim). Never traps.
public enum GoDurationSyntax {
    /// The duration in nanoseconds, or Go's error.
    public static func nanoseconds(_ original: String) throws(FieldCoercionError) -> Int64 {
        let invalid = FieldCoercionError("time: invalid duration \(quote(original))")
        var rest = original.utf8[...]
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        if rest.elementsEqual("0".utf8) { return 0 }
        if rest.isEmpty { throw invalid }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while let first = rest.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { throw invalid }
            let whole = rest.prefix(while: isDigit)
            rest = rest[whole.endIndex...]
            guard let v = leadingInt(whole) else { throw invalid }
            var fraction: (value: UInt64, scale: Double) = (0, 1)
            var hasFraction = false
            if rest.first == UInt8(ascii: ".") {
                rest = rest.dropFirst()
                let digits = rest.prefix(while: isDigit)
                rest = rest[digits.endIndex...]
                fraction = leadingFraction(digits)
                hasFraction = !digits.isEmpty
            }
            guard !whole.isEmpty || hasFraction else { throw invalid }
            let unitBytes = rest.prefix { $0 != UInt8(ascii: ".") && !isDigit($0) }
            rest = rest[unitBytes.endIndex...]
            let unit = String(decoding: unitBytes, as: UTF8.self)
            if unitBytes.isEmpty { throw FieldCoercionError("time: missing unit in duration \(quote(original))") }
            guard let scale = unitNanoseconds(unitBytes) else {
                throw FieldCoercionError("time: unknown unit \(quote(unit)) in duration \(quote(original))")
            }
            guard v <= limit / scale else { throw invalid }
            var part = v * scale
            if fraction.value > 0 {
                let extra = Double(fraction.value) * (Double(scale) / fraction.scale)
                guard extra < 18_446_744_073_709_551_616 else { throw invalid }
                let (sum, overflow) = part.addingReportingOverflow(UInt64(extra))
                guard !overflow, sum <= limit else { throw invalid }
                part = sum
            }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow, sum <= limit else { throw invalid }
            total = sum
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        guard total < limit else { throw invalid }
        return Int64(total)
    }

    /// Go's `%q`-like quoting in the `time` package's messages: `"` and `\` escaped, bytes
    /// outside printable ASCII written as `\xHH`.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for byte in s.utf8 {
            if byte >= 0x80 || byte < 0x20 {
                out += "\\x" + hex(byte >> 4) + hex(byte & 0xF)
            } else {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out += "\\" }
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out + "\""
    }

    private static func hex(_ nibble: UInt8) -> String { String(nibble, radix: 16) }

    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

    /// The digits as an integer, or `nil` past 2^63 (Go's "bad [0-9]*").
    private static func leadingInt(_ digits: Substring.UTF8View) -> UInt64? {
        var x: UInt64 = 0
        for d in digits {
            guard x <= (1 << 63) / 10 else { return nil }
            x = x * 10 + UInt64(d - 0x30)
            guard x <= 1 << 63 else { return nil }
        }
        return x
    }

    /// The fraction's digits as an integer and its power of ten; digits past what fits are dropped.
    private static func leadingFraction(_ digits: Substring.UTF8View) -> (value: UInt64, scale: Double) {
        var x: UInt64 = 0
        var scale = 1.0
        var overflow = false
        for d in digits where !overflow {
            guard x <= ((1 << 63) - 1) / 10 else {
                overflow = true
                continue
            }
            let y = x * 10 + UInt64(d - 0x30)
            guard y <= 1 << 63 else {
                overflow = true
                continue
            }
            x = y
            scale *= 10
        }
        return (x, scale)
    }

    /// Nanoseconds per unit. Microseconds take `u`, the micro sign (U+00B5) and the Greek mu (U+03BC).
    private static func unitNanoseconds(_ unit: Substring.UTF8View) -> UInt64? {
        var bytes = unit.makeIterator()
        return switch (bytes.next(), bytes.next(), bytes.next(), bytes.next()) {
        case (0x6e?, 0x73?, nil, nil): 1  // ns
        case (0x75?, 0x73?, nil, nil), (0xc2?, 0xb5?, 0x73?, nil), (0xce?, 0xbc?, 0x73?, nil): 1_000  // us, µs, μs
        case (0x6d?, 0x73?, nil, nil): 1_000_000  // ms
        case (0x73?, nil, nil, nil): 1_000_000_000  // s
        case (0x6d?, nil, nil, nil): 60_000_000_000  // m
        case (0x68?, nil, nil, nil): 3_600_000_000_000  // h
        default: UInt64?.none
        }
    }
}
