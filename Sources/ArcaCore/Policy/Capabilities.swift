/// What a policy rule allows on a path, as Vault names it.
package struct Capabilities: OptionSet, Sendable, Hashable {
    package let rawValue: UInt16
    package init(rawValue: UInt16) { self.rawValue = rawValue }

    package static let create = Capabilities(rawValue: 1 << 0)
    package static let read = Capabilities(rawValue: 1 << 1)
    package static let update = Capabilities(rawValue: 1 << 2)
    package static let patch = Capabilities(rawValue: 1 << 3)
    package static let delete = Capabilities(rawValue: 1 << 4)
    package static let list = Capabilities(rawValue: 1 << 5)
    package static let sudo = Capabilities(rawValue: 1 << 6)
    package static let deny = Capabilities(rawValue: 1 << 7)
    package static let scan = Capabilities(rawValue: 1 << 8)

    static let names: [(String, Capabilities)] = [
        ("create", .create), ("read", .read), ("update", .update), ("patch", .patch), ("delete", .delete),
        ("list", .list), ("sudo", .sudo), ("deny", .deny), ("scan", .scan),
    ]

    package init?(name: String) {
        guard let c = Self.names.first(where: { $0.0 == name })?.1 else { return nil }
        self = c
    }

    /// Vault's names in its order; `["deny"]` when denied, `["root"]` is added by the caller.
    package var names: [String] {
        if contains(.deny) { return ["deny"] }
        return Self.names.filter { contains($0.1) }.map(\.0)
    }
}
