/// `type "label" ... { body }`, such as `listener "tcp" { ... }` or `ui { }`.
///
/// The HCL1 form `path "secret/*" = { ... }` parses to a block too.
public struct HCLBlock: Sendable, Equatable {
    /// The block type: `listener`, `path`, `storage`.
    public var type: String
    /// The labels after the type, quoted or bare, in order; often exactly one.
    public var labels: [String]
    /// The contents between the braces.
    public var body: HCLBody
    /// Where the type keyword starts.
    public var position: SourcePosition

    /// Creates a block.
    public init(type: String, labels: [String], body: HCLBody, position: SourcePosition) {
        self.type = type
        self.labels = labels
        self.body = body
        self.position = position
    }
}
