/// A JSON number that keeps its literal text, so integers stay exact.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written on the wire (normalised for numbers made in code).
    public let literal: String

    /// Wraps a literal already validated by the parser.
    package init(validatedLiteral: String) {
        self.literal = validatedLiteral
    }

    public init(_ value: Int) { self.literal = String(value) }
    public init(_ value: Int64) { self.literal = String(value) }
    public init(_ value: UInt64) { self.literal = String(value) }

    /// A floating-point number; integral values are written without a fraction. JSON has no
    /// NaN or infinity: those are written `null`, as JavaScript's `JSON.stringify` writes them
    /// (`String(value)` would give `nan`, and the document would not parse).
    public init(_ value: Double) {
        if !value.isFinite {
            self.literal = "null"
        } else if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = String(value)
        }
    }

    /// The exact integer value, when the literal is an integer that fits in 64 bits.
    /// Literals such as `3.0` or `1e3` count as integers too, as Go's `json.Number.Int64` would not;
    /// we accept them when the value is integral, which is what every Vault field expects.
    public var int64: Int64? {
        if let v = Int64(literal) { return v }
        guard let d = Double(literal), d.isFinite, d == d.rounded(),
            d >= -9.223_372_036_854_775_808e18, d < 9.223_372_036_854_775_808e18
        else { return nil }
        return Int64(d)
    }

    /// The value as a double.
    public var double: Double { Double(literal) ?? .nan }

    public var description: String { literal }
}
