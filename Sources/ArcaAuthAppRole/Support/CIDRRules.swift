import ArcaSDK

/// The CIDR checks AppRole makes on secret-id bindings, with Vault's rules: secret-id CIDR lists
/// hold networks (`a.b.c.d/n`), and a secret id may only narrow its role's networks.
enum CIDRRules {
    /// The first entry that is not a network in `a.b.c.d/n` form, if any.
    static func firstInvalidNetwork(_ list: [String]) -> String? {
        list.first { !$0.contains("/") || CIDR($0) == nil }
    }

    /// Whether every network of `inner` lies inside one of `outer` (a bare address in `outer`
    /// counts as a single-address network). An empty `outer` allows anything.
    static func isSubset(_ inner: [String], of outer: [String]) -> Bool {
        if inner.isEmpty || outer.isEmpty { return true }
        let parents = outer.compactMap(CIDR.init)
        return inner.allSatisfy { text in
            guard let block = CIDR(text), let address = text.split(separator: "/").first.map(String.init) else { return false }
            return parents.contains { $0.address.count == block.address.count && $0.prefixLength <= block.prefixLength && $0.contains(address) }
        }
    }

    /// A list as Go's `%q` prints it: `["a" "b"]`.
    static func goList(_ list: [String]) -> String {
        "[" + list.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    }

    /// The refusal when a secret id's networks are not within its role's.
    static func subsetFailure(role: [String], secretID: [String]) -> LogicalError {
        .internalError(
            "failed to verify subset relationship between CIDR blocks on the role \(goList(role)) and CIDR blocks on the secret ID \(goList(secretID))")
    }
}
