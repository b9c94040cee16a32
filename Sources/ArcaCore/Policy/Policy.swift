import ArcaWire

/// One `path "..." { ... }` rule.
package struct PolicyRule: Sendable, Equatable {
    package var path: String
    package var capabilities: Capabilities
    /// Parameter name → allowed value globs (empty list: any value).
    package var allowedParameters: [String: [String]]?
    package var deniedParameters: [String: [String]]?
    package var requiredParameters: [String]
    package var minWrappingTTL: Int = 0
    package var maxWrappingTTL: Int = 0

    package init(path: String, capabilities: Capabilities, allowedParameters: [String: [String]]? = nil,
                 deniedParameters: [String: [String]]? = nil, requiredParameters: [String] = []) {
        self.path = path
        self.capabilities = capabilities
        self.allowedParameters = allowedParameters
        self.deniedParameters = deniedParameters
        self.requiredParameters = requiredParameters
    }
}

/// A named ACL policy: its source text and parsed rules.
package struct Policy: Sendable, Equatable {
    package var name: String
    package var raw: String
    package var rules: [PolicyRule]

    package init(name: String, raw: String, rules: [PolicyRule]) {
        self.name = name
        self.raw = raw
        self.rules = rules
    }
}
