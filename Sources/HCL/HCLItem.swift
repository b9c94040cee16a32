/// One member of a body: an attribute or a block.
public enum HCLItem: Sendable, Equatable {
    /// `name = value`.
    case attribute(HCLAttribute)
    /// `type "label" { ... }`.
    case block(HCLBlock)

    /// Where the item starts.
    public var position: SourcePosition {
        switch self {
        case .attribute(let a): a.position
        case .block(let b): b.position
        }
    }
}
