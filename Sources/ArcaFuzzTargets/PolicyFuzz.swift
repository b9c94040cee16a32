import ArcaCore
import ArcaFuzzing
import ArcaSDK

/// `PolicyParser`: any text parses to a policy or fails with a `LogicalError` (400), never
/// anything else; a parsed policy written back in canonical HCL parses to the same rules.
enum PolicyFuzz {
    static let target = FuzzTarget(
        name: "policy-parse",
        seeds: ACLFuzz.examplePolicies + [
            #"{"path":{"secret/*":{"capabilities":["read","list"],"allowed_parameters":{"x":[]}},"sys/+/x":{"policy":"deny"}}}"#,
            "path \"a\" { capabilities = \"read\" }\npath \"/b/*\" { policy = \"sudo\" required_parameters = \"k\" }",
            "name = \"x\"\npath \"c\" { min_wrapping_ttl = \"9223372036854775807h\" max_wrapping_ttl = 1e300 }",
        ],
        dictionary: [
            "path ", "\"secret/*\"", "\"+\"", "{", "}", "[", "]", "=", ",", "capabilities", "\"create\"", "\"read\"", "\"update\"",
            "\"patch\"", "\"delete\"", "\"list\"", "\"sudo\"", "\"deny\"", "\"scan\"", "policy", "allowed_parameters",
            "denied_parameters", "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "\"1h\"", "-1", "\"*\"", "\n",
        ],
        body: .sync(check))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        let text = String(decoding: bytes, as: UTF8.self)
        let policy: Policy
        do {
            policy = try PolicyParser.parse(name: "fuzz", text: text)
        } catch let error as LogicalError {
            guard case .invalidRequest(let message) = error, message.hasPrefix("failed to parse policy") else {
                throw FuzzViolation("unexpected error \(error)")
            }
            return .rejected
        } catch {
            throw FuzzViolation("a non-LogicalError escaped: \(error)")
        }
        try fuzzRequire(policy.raw == text, "raw text not kept")
        let canonical = format(policy.rules)
        let again: Policy
        do {
            again = try PolicyParser.parse(name: "fuzz", text: canonical)
        } catch {
            throw FuzzViolation("canonical form does not parse (\(error)): \(canonical.debugDescription)")
        }
        try fuzzRequire(again.rules == policy.rules, "canonical form parses to other rules: \(canonical.debugDescription)")
        _ = ACL(policies: [policy])
        return .accepted
    }

    /// Rules as HCL, every field spelled out.
    static func format(_ rules: [PolicyRule]) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "$" , "%": out += String(c)
                default:
                    if c.value < 0x20 || c.value == 0x7F {
                        out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(c)
                    }
                }
            }
            return out + "\""
        }
        func list(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ", ") + "]" }
        func map(_ m: [String: [String]]) -> String {
            "{\n" + m.keys.sorted().map { "    \(quote($0)) = \(list(m[$0]!))\n" }.joined() + "  }"
        }
        return rules.map { r in
            var lines = ["path \(quote(r.path)) {", "  capabilities = \(list(r.capabilities.rawNames))"]
            if let a = r.allowedParameters { lines.append("  allowed_parameters = \(map(a))") }
            if let d = r.deniedParameters { lines.append("  denied_parameters = \(map(d))") }
            if !r.requiredParameters.isEmpty { lines.append("  required_parameters = \(list(r.requiredParameters))") }
            if r.minWrappingTTL != 0 { lines.append("  min_wrapping_ttl = \(r.minWrappingTTL)") }
            if r.maxWrappingTTL != 0 { lines.append("  max_wrapping_ttl = \(r.maxWrappingTTL)") }
            return (lines + ["}"]).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }
}

extension Capabilities {
    /// Every capability in the set by name (`names` collapses a deny to `["deny"]`).
    var rawNames: [String] {
        let all: [(String, Capabilities)] = [
            ("create", .create), ("read", .read), ("update", .update), ("patch", .patch), ("delete", .delete),
            ("list", .list), ("sudo", .sudo), ("deny", .deny), ("scan", .scan),
        ]
        return all.filter { contains($0.1) }.map(\.0)
    }
}
