import ArcaSDK
import ArcaWire

/// The combined rules of a token's policies, evaluated with Vault's precedence.
///
/// Rules written for the same path string in different policies merge: capabilities union, a
/// `deny` anywhere wins, parameter lists merge. For a request path, an exact rule beats any glob;
/// among matching globs the most specific wins (see `PathSpecificity`). Only that one rule decides.
package struct ACL: Sendable {
    package let isRoot: Bool
    let exact: [String: PolicyRule]
    /// Glob rules, compiled, most specific first: the first that matches governs.
    let globs: [(pattern: PathSpecificity.Pattern, rule: PolicyRule)]
    /// Whether any rule bounds the response-wrapping TTL (most policies have none, and then a
    /// request needs no second rule lookup for it).
    let boundsWrapping: Bool

    package init(policies: [Policy]) {
        isRoot = policies.contains { $0.name == "root" }
        var merged: [String: PolicyRule] = [:]
        for rule in policies.flatMap(\.rules).map(Self.lowercasingParameterNames) {
            if var existing = merged[rule.path] {
                existing.capabilities.formUnion(rule.capabilities)
                existing.allowedParameters = Self.merge(existing.allowedParameters, rule.allowedParameters)
                existing.deniedParameters = Self.merge(existing.deniedParameters, rule.deniedParameters)
                existing.requiredParameters = Array(Set(existing.requiredParameters + rule.requiredParameters)).sorted()
                existing.minWrappingTTL = max(existing.minWrappingTTL, rule.minWrappingTTL)
                existing.maxWrappingTTL = [existing.maxWrappingTTL, rule.maxWrappingTTL].filter { $0 > 0 }.min() ?? 0
                merged[rule.path] = existing
            } else {
                merged[rule.path] = rule
            }
        }
        exact = merged.filter { !Self.isGlob($0.key) }
        globs = merged.values.filter { Self.isGlob($0.path) }
            .sorted { PathSpecificity.lessSpecific($1.path, than: $0.path) }
            .map { (PathSpecificity.Pattern($0.path), $0) }
        boundsWrapping = merged.values.contains { $0.minWrappingTTL > 0 || $0.maxWrappingTTL > 0 }
    }

    /// Vault compares parameter names without regard to case: the names in `allowed_parameters`
    /// and `denied_parameters` are lowercased here and request keys at the check, so `Password`
    /// cannot slip past a rule about `password`.
    static func lowercasingParameterNames(_ rule: PolicyRule) -> PolicyRule {
        var rule = rule
        rule.allowedParameters = rule.allowedParameters.map(lowercasedKeys)
        rule.deniedParameters = rule.deniedParameters.map(lowercasedKeys)
        return rule
    }

    static func lowercasedKeys(_ parameters: [String: [String]]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (name, globs) in parameters {
            let key = name.lowercased()
            out[key] = out[key].map { merge($0, globs) } ?? globs
        }
        return out
    }

    static func isGlob(_ path: String) -> Bool { path.hasSuffix("*") || path.split(separator: "/", omittingEmptySubsequences: false).contains("+") }

    static func merge(_ a: [String: [String]]?, _ b: [String: [String]]?) -> [String: [String]]? {
        guard let a else { return b }
        guard let b else { return a }
        return a.merging(b) { x, y in merge(x, y) }
    }

    /// Two value lists for one parameter: an empty list (any value) absorbs the other.
    static func merge(_ x: [String], _ y: [String]) -> [String] { x.isEmpty || y.isEmpty ? [] : x + y }

    /// The rule that governs `path`, if any.
    package func rule(for path: String) -> PolicyRule? {
        if let rule = exact[path] { return rule }
        // Specificity is a total order on distinct paths, so the first match is the most specific.
        return globs.first { $0.pattern.matches(path) }?.rule
    }

    /// Whether the caller may see the mount at `mount` (a path ending in `/`) in the UI mount
    /// lookup, as Vault decides it: the rule governing the mount path itself grants something, or
    /// some rule for a path at or below the mount (exact, prefix, or with `+` segments that match
    /// the mount's segments) grants something other than `deny`.
    package func hasAccess(under mount: String) -> Bool {
        if isRoot { return true }
        if let rule = rule(for: mount), Self.grants(rule) { return true }
        let mountSegments = mount.split(separator: "/")
        return (Array(exact.values) + globs.map(\.rule)).contains { rule in
            guard Self.grants(rule) else { return false }
            let segments = rule.path.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.contains("+") else {
                return (rule.path.hasSuffix("*") ? String(rule.path.dropLast()) : rule.path).hasPrefix(mount)
            }
            // A `+` rule counts when its first segments match the mount's, `+` matching any one.
            guard segments.count > mountSegments.count else { return false }
            return zip(segments, mountSegments).allSatisfy { p, m in p == "+" || p == m }
        }
    }

    /// Whether a rule grants some capability (a `deny` anywhere in it grants none).
    static func grants(_ rule: PolicyRule) -> Bool { !rule.capabilities.isEmpty && !rule.capabilities.contains(.deny) }

    /// The capabilities `path` grants (`root` grants everything).
    package func capabilities(_ path: String) -> [String] {
        if isRoot { return ["root"] }
        guard let rule = rule(for: path), !rule.capabilities.isEmpty else { return ["deny"] }
        return rule.capabilities.names
    }

    /// Whether a response-wrapping TTL of `ttl` seconds (0: not wrapped) meets the bounds the
    /// governing rule sets (`min_wrapping_ttl`, `max_wrapping_ttl`).
    package func allowsWrapping(ttl: Int, path: String) -> Bool {
        if isRoot || !boundsWrapping { return true }
        guard let rule = rule(for: path) else { return true }
        if rule.minWrappingTTL > 0 && ttl < rule.minWrappingTTL { return false }
        if rule.maxWrappingTTL > 0 && ttl > rule.maxWrappingTTL { return false }
        return true
    }

    /// Whether `operation` on `path` with `data` is allowed; `sudo` is required for root-protected
    /// paths. Throws `permissionDenied` with no detail, as Vault does.
    package func authorize(_ operation: Operation, path: String, data: [String: JSONValue], rootProtected: Bool) throws {
        // Help describes a path, never its data: any valid token may read it, as in OpenBao.
        if isRoot || operation == .help { return }
        guard let rule = rule(for: path), !rule.capabilities.contains(.deny) else { throw LogicalError.permissionDenied }
        let needed: Capabilities
        switch operation {
        case .create: needed = .create
        case .read: needed = .read
        case .update: needed = .update
        case .patch: needed = .patch
        case .delete: needed = .delete
        case .list: needed = .list
        case .scan: needed = .scan
        case .help: return
        case .revoke, .renew, .rollback: needed = .update
        }
        guard rule.capabilities.contains(needed) else { throw LogicalError.permissionDenied }
        if rootProtected, !rule.capabilities.contains(.sudo) { throw LogicalError.permissionDenied }
        if [.create, .update, .patch].contains(operation) {
            try ParameterConstraints.check(rule, data: data)
        }
    }
}

/// `allowed_parameters`, `denied_parameters` and `required_parameters`. Parameter names compare
/// as Vault compares them: the rule's allowed and denied names are already lowercase (see
/// `ACL.lowercasingParameterNames`) and each request key is lowercased before the lookup. A
/// required name is lowercased and must then appear as a request key exactly, as in Vault.
enum ParameterConstraints {
    static func check(_ rule: PolicyRule, data: [String: JSONValue]) throws {
        for required in rule.requiredParameters where data[required.lowercased()] == nil {
            throw LogicalError.permissionDenied
        }
        if let denied = rule.deniedParameters {
            for (name, value) in data {
                if let globs = denied[name.lowercased()] ?? denied["*"] {
                    if globs.isEmpty || valueMatches(value, globs) { throw LogicalError.permissionDenied }
                }
            }
        }
        if let allowed = rule.allowedParameters {
            for (name, value) in data {
                guard let globs = allowed[name.lowercased()] ?? allowed["*"] else { throw LogicalError.permissionDenied }
                if !globs.isEmpty, !valueMatches(value, globs) { throw LogicalError.permissionDenied }
            }
        }
    }

    /// A value matches when it (or, for a list, every element) matches one of the globs.
    static func valueMatches(_ value: JSONValue, _ globs: [String]) -> Bool {
        let items: [JSONValue] = value.arrayValue ?? [value]
        return items.allSatisfy { item in
            let text = item.stringValue ?? (item.int64Value.map { String($0) } ?? JSONWriter.string(item))
            return globs.contains { Glob.matches($0, text) }
        }
    }
}

/// `*` at either end of a parameter glob, as Vault's `strutil.GlobbedStringsMatch`.
enum Glob {
    static func matches(_ pattern: String, _ value: String) -> Bool {
        if pattern == "*" { return true }
        let prefix = pattern.hasPrefix("*"), suffix = pattern.hasSuffix("*")
        switch (prefix, suffix) {
        case (true, true): return value.contains(String(pattern.dropFirst().dropLast()))
        case (true, false): return value.hasSuffix(String(pattern.dropFirst()))
        case (false, true): return value.hasPrefix(String(pattern.dropLast()))
        default: return pattern == value
        }
    }
}
