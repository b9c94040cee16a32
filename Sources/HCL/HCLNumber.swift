/// A number literal, kept exactly as written so that large integers lose nothing.
///
/// Accepted spellings are those of Vault's HCL: decimal integers (`8200`, `-1`), decimals with a
/// fraction or exponent (`1.5`, `-2e-3`), hexadecimal (`0x1F`) and, as in HCL1, octal with a leading
/// zero (`0640`, the usual spelling of file modes).
public struct HCLNumber: Sendable, Equatable, CustomStringConvertible {
    /// The text of the literal, sign included.
    public let literal: String
    /// The exact value when the literal denotes an integer that fits in 64 bits (`1e3` and `2.0`
    /// count as integers); `nil` for fractions, out-of-range values and malformed literals.
    public let int64: Int64?
    /// The value as the nearest double; `.nan` when the literal is malformed.
    public let double: Double

    /// Wraps a literal. Literals from elsewhere (a JSON document, say) are accepted as they are;
    /// a malformed one gives `int64 == nil` and `double.isNaN`.
    public init(literal: String) {
        self.literal = literal
        let value = NumberLiteral.evaluate(literal[...])
        int64 = value?.int64
        double = value?.double ?? .nan
    }

    /// The literal.
    public var description: String { literal }

    /// Two numbers are equal when they were written the same way.
    public static func == (lhs: HCLNumber, rhs: HCLNumber) -> Bool { lhs.literal == rhs.literal }
}
