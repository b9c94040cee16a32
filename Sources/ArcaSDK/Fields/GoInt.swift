/// Go's `strconv.ParseInt(s, 10, 64)`, which Vault applies to integer fields and to the whole
/// numbers in durations: an optional sign and ASCII digits, nothing else (no spaces), and a
/// value that fits in 64 bits. Never traps.
public enum GoInt {
    public enum Parsed: Sendable, Equatable {
        case value(Int64)
        /// Not a decimal integer (Go's "invalid syntax").
        case syntax
        /// Digits that do not fit in 64 bits (Go's "value out of range").
        case range
    }

    public static func parse(_ text: Substring) -> Parsed {
        var digits = text.utf8[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return .syntax }
        var magnitude: UInt64 = 0
        var outOfRange = false
        for byte in digits {
            guard (0x30...0x39).contains(byte) else { return .syntax }
            if outOfRange { continue }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            if o1 || o2 { outOfRange = true } else { magnitude = sum }
        }
        let limit: UInt64 = negative ? 1 << 63 : (1 << 63) - 1
        if outOfRange || magnitude > limit { return .range }
        if negative { return .value(magnitude == 1 << 63 ? .min : -Int64(magnitude)) }
        return .value(Int64(magnitude))
    }
}
