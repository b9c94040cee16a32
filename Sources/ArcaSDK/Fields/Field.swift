public import ArcaWire

/// What the framework knows about a field, independent of its Swift type: for validation,
/// unknown-field detection and help.
public struct FieldSpec: Sendable {
    public let name: String
    public let type: FieldType
    public let description: String
    public let defaultValue: JSONValue?
    public let validate: @Sendable (JSONValue) throws -> Void
}

/// A typed field. Its declaration and its reads share one symbol, so they cannot drift apart.
///
/// ```swift
/// static let maxVersions = Field<Int>("max_versions", description: "Versions to keep.")
/// let n = try fields[maxVersions]
/// ```
public struct Field<Value: FieldValue>: Sendable {
    public let spec: FieldSpec

    public init(_ name: String, _ type: FieldType? = nil, default defaultValue: JSONValue? = nil, description: String) {
        let resolved = type ?? Self.naturalType
        spec = FieldSpec(
            name: name, type: resolved, description: description, defaultValue: defaultValue,
            validate: { raw in _ = try Value.coerce(raw, as: resolved) })
    }

    public var name: String { spec.name }

    static var naturalType: FieldType {
        switch Value.self {
        case is Int.Type: .int
        case is Bool.Type: .bool
        case is [String].Type: .commaStringSlice
        case is [String: JSONValue].Type: .map
        default: .string
        }
    }
}
