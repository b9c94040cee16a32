public import ArcaWire

/// How a field's raw JSON is read, with Vault's coercions.
public enum FieldType: String, Sendable {
    /// Strings, and numbers/bools given for a string, as text.
    case string
    /// Integers, also from strings such as `"5"`.
    case int
    /// `true`/`false`, also from `"true"`, `"1"`, `1`.
    case bool
    /// Seconds: integers, or duration strings such as `"1h30m"` (Vault's `TypeDurationSecond`):
    /// never negative, never past `DurationParser.maxSeconds`.
    case durationSeconds
    /// Seconds that may be negative (Vault's `TypeSignedDurationSecond`), within
    /// ±`DurationParser.maxSeconds`: for fields where a negative value means something, or whose
    /// handler refuses a negative value with its own message.
    case signedDurationSeconds
    /// A list of strings, also from a comma-separated string.
    case commaStringSlice
    /// A list of strings; a single string is one element, commas and all.
    case stringSlice
    /// A JSON object.
    case map
    /// A map of string to string, also from `["k=v", ...]`.
    case kvPairs
}

/// A value a typed field can hold.
public protocol FieldValue: Sendable {
    /// The value a missing field reads as, when it has no default.
    static var zero: Self { get }
    /// Reads `raw` as this type under `type`'s coercion rules.
    static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> Self
}

/// A field's raw value could not be read as its type.
public struct FieldCoercionError: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
