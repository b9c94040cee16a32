/// `name = value`, in a document, a block or an object.
public struct HCLAttribute: Sendable, Equatable {
    /// The key, bare or unquoted from a string.
    public var name: String
    /// The value.
    public var value: HCLValue
    /// Where the key starts.
    public var position: SourcePosition
    /// Where the value starts, for "'address' must be a string"-style messages.
    public var valuePosition: SourcePosition

    /// Creates an attribute.
    public init(name: String, value: HCLValue, position: SourcePosition, valuePosition: SourcePosition) {
        self.name = name
        self.value = value
        self.position = position
        self.valuePosition = valuePosition
    }
}
