import ArcaSDK

/// Which policies a new token gets, by Vault's rules for `auth/token/create[/<role>]`:
/// - a role with allowed or disallowed lists (plain or glob) decides alone, even beyond the
///   caller's policies (that is what such roles are for);
/// - otherwise the requested policies must be a subset of the caller's, unless the caller has
///   `sudo` on the create path (or is root);
/// - whatever the path, `root` only ever comes from a root caller.
struct TokenPolicyRules: Sendable {
    /// The caller's policies.
    var parent: [String]
    var parentIsRoot: Bool
    /// Root, or `sudo` on the create path.
    var isSudo: Bool
    var role: TokenRole?
    var noDefaultPolicy: Bool

    /// Policies no token may be given: they belong to the server's own tokens.
    static let nonAssignable: Set = ["response-wrapping", "control-group"]

    /// The new token's policies for `requested` (`nil` or empty: none asked for).
    func resolve(requested: [String]?) throws -> [String] {
        let requested = requested ?? []
        var policies = requested
        var addDefault = false
        if let role, role.hasPolicyLists {
            policies = try roleDecides(role, requested: requested)
        } else if requested.isEmpty {
            // Inherit the caller's; `default` only if the caller has it.
            policies = Self.sanitize(parent, addDefault: false)
        } else if !isSudo {
            let asked = Set(Self.sanitize(requested, addDefault: false))
            guard asked.isSubset(of: Self.sanitize(parent, addDefault: false)) else {
                throw LogicalError.invalidRequest("child policies must be subset of parent")
            }
            addDefault = !noDefaultPolicy && parent.contains("default")
        } else {
            addDefault = !noDefaultPolicy
        }
        var final = Self.sanitize(policies, addDefault: addDefault)
        if noDefaultPolicy { final.removeAll { $0 == "default" } }
        if let bad = final.first(where: Self.nonAssignable.contains) {
            throw LogicalError.invalidRequest("cannot assign policy \"\(bad)\"")
        }
        if final.contains("root") && !parentIsRoot {
            throw LogicalError.invalidRequest("root tokens may not be created without parent token being root")
        }
        return final
    }

    /// A role with allowed/disallowed lists: the requested policies (or the role's allowed ones,
    /// or the caller's) checked against them.
    private func roleDecides(_ role: TokenRole, requested: [String]) throws -> [String] {
        let addDefault = !noDefaultPolicy && !role.noDefaultPolicy
            && !role.disallowedPolicies.contains("default")
            && !role.disallowedPoliciesGlob.contains { PolicyGlob.matches($0, "default") }
        var final = requested.isEmpty ? [] : Self.sanitize(requested, addDefault: addDefault)
        if !role.allowedPolicies.isEmpty || !role.allowedPoliciesGlob.isEmpty {
            let allowed = Self.sanitize(role.allowedPolicies, addDefault: addDefault)
            if final.isEmpty {
                final = allowed
            } else {
                let globs = Self.sanitize(role.allowedPoliciesGlob, addDefault: false)
                for policy in final where !allowed.contains(policy) && !globs.contains(where: { PolicyGlob.matches($0, policy) }) {
                    throw LogicalError.invalidRequest(
                        "token policies (\(Self.quoted(final))) must be subset of the role's allowed policies "
                            + "(\(Self.quoted(allowed))) or glob policies (\(Self.quoted(globs)))")
                }
            }
        } else if final.isEmpty {
            final = Self.sanitize(parent, addDefault: addDefault)
        }
        let denied = Self.deduplicated(role.disallowedPolicies)
        let deniedGlobs = Self.deduplicated(role.disallowedPoliciesGlob)
        for policy in final where denied.contains(policy) || deniedGlobs.contains(where: { PolicyGlob.matches($0, policy) }) {
            throw LogicalError.invalidRequest("token policy \"\(policy)\" is disallowed by this role")
        }
        return final
    }

    /// Lower-cased, trimmed, without empty names or duplicates, sorted; `root` stands alone;
    /// `default` added when asked (and not root).
    static func sanitize(_ names: [String], addDefault: Bool) -> [String] {
        var out = deduplicated(names)
        if out.contains("root") { return ["root"] }
        if addDefault && !out.contains("default") { out = (out + ["default"]).sorted() }
        return out
    }

    /// Lower-cased, trimmed, without empty names or duplicates, sorted.
    static func deduplicated(_ names: [String]) -> [String] {
        Set(names.map { trimmed($0).lowercased() }.filter { !$0.isEmpty }).sorted()
    }

    private static func trimmed(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// A list as Go's `%q` prints it: `["a" "b"]`.
    static func quoted(_ names: [String]) -> String {
        "[" + names.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    }
}

/// A policy-name glob: `*` matches any run of characters, anywhere in the pattern.
package enum PolicyGlob {
    package static func matches(_ pattern: String, _ value: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return pattern == value }
        var rest = Substring(value)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.firstRange(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        let last = parts[parts.count - 1]
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}
