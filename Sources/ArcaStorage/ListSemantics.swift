/// Vault's list semantics computed from a sorted sequence of full keys under a prefix.
package enum ListSemantics {
    /// Reduces `keys` (all starting with `prefix`) to the immediate children of `prefix`:
    /// plain names for entries, `name/` once for each folder. The result is sorted and unique.
    package static func children(of prefix: String, keys: some Sequence<String>) -> [String] {
        var result = Set<String>()
        for key in keys {
            guard key.hasPrefix(prefix) else { continue }
            let rest = key.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                result.insert(String(rest[...slash]))
            } else if !rest.isEmpty {
                result.insert(String(rest))
            }
        }
        return result.sorted()
    }
}
