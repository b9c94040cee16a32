/// The contents of a document, a block or an object value: attributes and blocks, each list in
/// source order with repeats preserved (a policy repeats `path` blocks; a key may appear twice).
public struct HCLBody: Sendable, Equatable {
    /// Every `name = value`, in order.
    public var attributes: [HCLAttribute]
    /// Every block, in order.
    public var blocks: [HCLBlock]

    /// Creates a body.
    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) {
        self.attributes = attributes
        self.blocks = blocks
    }

    /// True when there is neither an attribute nor a block.
    public var isEmpty: Bool { attributes.isEmpty && blocks.isEmpty }

    /// The last attribute named `name` (a later repeat wins, as when Vault merges), if any.
    public func attribute(_ name: String) -> HCLAttribute? { attributes.last { $0.name == name } }

    /// Every attribute named `name`, in order.
    public func attributes(named name: String) -> [HCLAttribute] { attributes.filter { $0.name == name } }

    /// Every block of type `type`, in order.
    public func blocks(ofType type: String) -> [HCLBlock] { blocks.filter { $0.type == type } }

    /// Attributes and blocks interleaved as they appear in the source (ordered by position; on
    /// equal positions, as in bodies built without source, attributes come first).
    public var items: [HCLItem] {
        var out: [HCLItem] = []
        out.reserveCapacity(attributes.count + blocks.count)
        var a = attributes[...]
        var b = blocks[...]
        while let attribute = a.first, let block = b.first {
            if block.position < attribute.position {
                out.append(.block(block))
                b.removeFirst()
            } else {
                out.append(.attribute(attribute))
                a.removeFirst()
            }
        }
        out += a.map(HCLItem.attribute)
        out += b.map(HCLItem.block)
        return out
    }
}
