import ArcaCore
import ArcaFuzzing
import ArcaSDK
import ArcaWire

/// ACL evaluation. An input is policies separated by `\u{1E}`, then, after the last one, request
/// lines `op path [name=value ...]`. For each request, checked against the policy texts (not
/// against the ACL's own tables):
/// - the governing rule matches the path (by an independent regular expression); no matching
///   rule means no rule, `["deny"]` and a refusal; an exact rule always governs its path;
/// - the governing rule is the most specific of those that match;
/// - a grant needs the capability in the governing rule's merged capabilities and no `deny`;
///   with an exact rule, a read is granted exactly when that rule allows it;
/// - a required parameter that is missing, a denied one that is present, or one outside an
///   allowed list refuses a write;
/// - adding a policy that denies some path never grants anything the ACL refused before.
enum ACLFuzz {
    static let examplePolicies = [
        """
        path "secret/data/*" { capabilities = ["create", "read", "update"] }
        path "secret/data/admin" { capabilities = ["deny"] }
        path "secret/data/+/config" { capabilities = ["read", "list"] }
        """,
        """
        path "auth/token/create/*" { capabilities = ["create", "update"] }
        path "sys/policies/acl/+" {
          capabilities = ["update"]
          allowed_parameters = { "policy" = ["path*"], "name" = [] }
          denied_parameters = { "Password" = [] }
          required_parameters = ["policy"]
        }
        """,
        """
        path "kv/*" { policy = "write" }
        path "kv/+/+/x*" { capabilities = ["sudo", "read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "1h" }
        path "+/*" { capabilities = ["list"] }
        """,
    ]

    static let target = FuzzTarget(
        name: "acl",
        seeds: [examplePolicies.joined(separator: "\u{1E}") + "\u{1E}read secret/data/a\nupdate sys/policies/acl/x policy=path name=n\ncreate kv/a/b/xy Password=1"],
        dictionary: ["\u{1E}", "\n", "read ", "update ", "create ", "list ", "delete ", "*", "+", "/", "=", "secret/", "kv/", "deny"],
        maxLength: 2048,
        generator: generate,
        body: .sync(check))

    static let operations: [String: Operation] = [
        "read": .read, "create": .create, "update": .update, "patch": .patch, "delete": .delete, "list": .list, "scan": .scan,
    ]

    static func needed(_ op: Operation) -> Capabilities {
        switch op {
        case .create: .create
        case .read: .read
        case .update, .revoke, .renew, .rollback: .update
        case .patch: .patch
        case .delete: .delete
        case .list: .list
        case .scan: .scan
        case .help: []
        }
    }

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        var parts = String(decoding: bytes, as: UTF8.self).split(separator: "\u{1E}", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return .rejected }
        let requests = parts.removeLast().split(separator: "\n")
        var policies: [Policy] = []
        for (i, text) in parts.enumerated() {
            guard let p = try? PolicyParser.parse(name: "p\(i)", text: String(text)) else { return .rejected }
            policies.append(p)
        }
        let acl = ACL(policies: policies)
        let rules = policies.flatMap(\.rules)
        var regexes: [String: Regex<AnyRegexOutput>] = [:]
        for rule in rules where regexes[rule.path] == nil { regexes[rule.path] = Reference.regex(rule.path) }
        var granted = 0
        for line in requests {
            let words = line.split(separator: " ")
            guard words.count >= 2, let op = operations[String(words[0])] else { continue }
            let path = String(words[1])
            var data: [String: JSONValue] = [:]
            for w in words.dropFirst(2) {
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                data[String(kv[0])] = kv.count > 1 ? (Int(kv[1]).map(JSONValue.int) ?? .string(String(kv[1]))) : .bool(true)
            }
            if try evaluate(acl, rules, regexes, policies, op, path, data) { granted += 1 }
        }
        return granted > 0 ? .accepted : .rejected
    }

    /// Checks one request; whether it was granted.
    static func evaluate(
        _ acl: ACL, _ rules: [PolicyRule], _ regexes: [String: Regex<AnyRegexOutput>], _ policies: [Policy], _ op: Operation,
        _ path: String, _ data: [String: JSONValue]
    ) throws(FuzzViolation) -> Bool {
        let matching = rules.filter { rule in (try? regexes[rule.path]?.wholeMatch(in: path)) != nil }
        let matchingPaths = Set(matching.map(\.path))
        let governing = acl.rule(for: path)
        let allowed = (try? acl.authorize(op, path: path, data: data, rootProtected: false)) != nil
        guard let governing else {
            try fuzzRequire(matching.isEmpty, "no rule governs \(path) though \(matchingPaths.sorted()) match it")
            try fuzzRequire(!allowed, "granted \(op) on \(path) with no rule")
            try fuzzRequire(acl.capabilities(path) == ["deny"], "capabilities without a rule")
            return false
        }
        try fuzzRequire(matchingPaths.contains(governing.path), "rule \(governing.path) governs \(path) but does not match it")
        let merged = rules.filter { $0.path == governing.path }
        let caps = merged.reduce(Capabilities()) { $0.union($1.capabilities) }
        try fuzzRequire(governing.capabilities == caps, "governing capabilities are not the union of \(governing.path)'s rules")
        if !Reference.isGlob(path) && matchingPaths.contains(path) {
            try fuzzRequire(governing.path == path, "the exact rule \(path) does not govern it (\(governing.path) does)")
        } else {
            for other in matchingPaths where other != governing.path && Reference.isGlob(other) {
                try fuzzRequire(
                    Reference.moreSpecific(governing.path, than: other), "\(other) is more specific than the governing \(governing.path)")
            }
        }
        let need = needed(op)
        if allowed {
            try fuzzRequire(caps.contains(need) && !caps.contains(.deny), "granted \(op) on \(path) beyond \(caps.rawNames)")
            if [.create, .update, .patch].contains(op) {
                let required = Set(merged.flatMap(\.requiredParameters))
                let given = Set(data.keys.map { $0.lowercased() })
                for r in required { try fuzzRequire(given.contains(r.lowercased()), "granted without required parameter \(r)") }
                if let denied = merged.compactMap(\.deniedParameters).reduce(nil, mergeParameters) {
                    for (name, globs) in denied where globs.isEmpty && data[name] != nil && name != "*" {
                        throw FuzzViolation("granted with denied parameter \(name)")
                    }
                }
                if let allowedParams = merged.compactMap(\.allowedParameters).reduce(nil, mergeParameters), allowedParams["*"] == nil {
                    // Case-insensitively: Vault lowercases parameter names on both sides.
                    let names = Set(allowedParams.keys.map { $0.lowercased() })
                    for name in data.keys {
                        try fuzzRequire(names.contains(name.lowercased()), "granted with parameter \(name) outside allowed_parameters")
                    }
                }
            }
        } else if op == .read && !caps.contains(.deny) && caps.contains(.read) {
            throw FuzzViolation("refused read on \(path) that \(governing.path) allows")
        }
        try fuzzRequire(
            Set(acl.capabilities(path)).isSubset(of: Set(caps.rawNames + ["deny"])), "capabilities \(acl.capabilities(path)) beyond the rule")
        // A policy denying some path never grants more.
        if allowed {
            let denial = Policy(name: "zz-deny", raw: "", rules: [PolicyRule(path: governing.path, capabilities: [.deny])])
            let stricter = ACL(policies: policies + [denial])
            try fuzzRequire(
                (try? stricter.authorize(op, path: path, data: data, rootProtected: false)) == nil,
                "a deny on the governing rule \(governing.path) did not refuse \(op) on \(path)")
        } else {
            let denial = Policy(name: "zz-deny", raw: "", rules: [PolicyRule(path: path + "*", capabilities: [.deny])])
            let stricter = ACL(policies: policies + [denial])
            try fuzzRequire(
                (try? stricter.authorize(op, path: path, data: data, rootProtected: false)) == nil,
                "adding a deny granted \(op) on \(path)")
        }
        return allowed
    }

    static func mergeParameters(_ a: [String: [String]]?, _ b: [String: [String]]) -> [String: [String]] {
        guard let a else { return b }
        return a.merging(b) { x, y in x.isEmpty || y.isEmpty ? [] : x + y }
    }

    /// Random policies over a small path alphabet, and requests on paths near the rules.
    @Sendable static func generate(_ rng: inout FuzzRandom) -> [UInt8] {
        let segments = ["secret", "data", "a", "b", "admin", "+", "kv", "x", "sys", ""]
        let caps = ["create", "read", "update", "patch", "delete", "list", "sudo", "deny", "scan"]
        let params = ["policy", "ttl", "Password", "password", "name", "*"]
        var rulePaths: [String] = []
        var texts: [String] = []
        for _ in 0..<(1 + rng.below(3)) {
            var text = ""
            for _ in 0..<(1 + rng.below(4)) {
                var p = (0..<(1 + rng.below(4))).map { _ in rng.pick(segments) }.joined(separator: "/")
                if rng.oneIn(2) { p += rng.oneIn(2) ? "*" : "/*" }
                rulePaths.append(p)
                text += "path \"\(p)\" {\n  capabilities = [\((0..<rng.below(4)).map { _ in "\"\(rng.pick(caps))\"" }.joined(separator: ", "))]\n"
                if rng.oneIn(4) { text += "  required_parameters = [\"\(rng.pick(params))\"]\n" }
                if rng.oneIn(4) { text += "  denied_parameters = { \"\(rng.pick(params))\" = [] }\n" }
                if rng.oneIn(4) { text += "  allowed_parameters = { \"\(rng.pick(params))\" = [\(rng.oneIn(2) ? "" : "\"1*\"")] }\n" }
                text += "}\n"
            }
            texts.append(text)
        }
        var requests = ""
        for _ in 0..<(1 + rng.below(6)) {
            var path = rng.pick(rulePaths)
            path = path.replacing("+", with: rng.pick(["q", "", "a"]))
            if path.hasSuffix("*") { path.removeLast(); path += rng.pick(["", "z", "/deep/er", "a"]) }
            if rng.oneIn(4) { path = (0..<(1 + rng.below(4))).map { _ in rng.pick(segments.filter { $0 != "+" }) }.joined(separator: "/") }
            let op = rng.pick(Array(operations.keys).sorted())
            let data = (0..<rng.below(3)).map { _ in "\(rng.pick(params))=\(rng.pick(["1", "12", "x", "path"]))" }
            requests += ([op, path] + data).joined(separator: " ") + "\n"
        }
        return Array((texts + [requests]).joined(separator: "\u{1E}").utf8)
    }
}

/// Policy path matching and specificity written from Vault's documentation, independently of
/// `PathSpecificity`.
enum Reference {
    static func isGlob(_ p: String) -> Bool { p.hasSuffix("*") || p.split(separator: "/", omittingEmptySubsequences: false).contains("+") }

    /// `*` at the end matches any rest; a `+` segment matches one whole segment.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        guard let regex = regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: path)) != nil
    }

    static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        var source = ""
        let prefix = pattern.hasSuffix("*")
        let body = prefix ? String(pattern.dropLast()) : pattern
        for (i, segment) in body.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { source += "/" }
            if segment == "+" { source += "[^/]*"; continue }
            for c in segment.unicodeScalars { source += "\\x{\(String(c.value, radix: 16))}" }
        }
        if prefix { source += ".*" }
        return try? Regex(source).matchingSemantics(.unicodeScalar).dotMatchesNewlines()
    }

    /// Vault's order: a later first wildcard; then not ending in `*`; then fewer `+`; then longer;
    /// then lexically greater.
    static func moreSpecific(_ a: String, than b: String) -> Bool {
        func firstWildcard(_ p: String) -> Int {
            let c = Array(p)
            for i in c.indices where c[i] == "*" || (c[i] == "+" && (i == 0 || c[i - 1] == "/")) { return i }
            return c.count
        }
        func plus(_ p: String) -> Int { p.split(separator: "/", omittingEmptySubsequences: false).filter { $0 == "+" }.count }
        if firstWildcard(a) != firstWildcard(b) { return firstWildcard(a) > firstWildcard(b) }
        if a.hasSuffix("*") != b.hasSuffix("*") { return !a.hasSuffix("*") }
        if plus(a) != plus(b) { return plus(a) < plus(b) }
        if a.count != b.count { return a.count > b.count }
        return a > b
    }
}
