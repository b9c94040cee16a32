import ArcaWire
import ArgumentParser

/// The flags `secrets tune` and `auth tune` share, with the Vault CLI's names. Only the flags
/// given go into the request; the rest of the settings stay as they are.
struct TuneOptions: ParsableArguments {
    @Option(name: .customLong("default-lease-ttl", withSingleDash: true), help: "Default lease TTL, e.g. 1h; \"system\" resets it.")
    var defaultLeaseTTL: String?

    @Option(name: .customLong("max-lease-ttl", withSingleDash: true), help: "Maximum lease TTL; \"system\" resets it.")
    var maxLeaseTTL: String?

    @Option(name: .customLong("description", withSingleDash: true), help: "A human-friendly description.")
    var description: String?

    @Option(name: .customLong("listing-visibility", withSingleDash: true), help: "\"unauth\" or \"hidden\".")
    var listingVisibility: String?

    @Option(name: [.customLong("passthrough-request-headers", withSingleDash: true),
                   .customLong("passthrough-request-header", withSingleDash: true)],
            help: "A request header passed to the backend (repeatable).")
    var passthroughRequestHeaders: [String] = []

    @Option(name: .customLong("allowed-response-headers", withSingleDash: true),
            help: "A response header the backend may set (repeatable).")
    var allowedResponseHeaders: [String] = []

    @Option(name: .customLong("audit-non-hmac-request-keys", withSingleDash: true),
            help: "A request key audit devices leave in clear (repeatable).")
    var auditNonHMACRequestKeys: [String] = []

    @Option(name: .customLong("audit-non-hmac-response-keys", withSingleDash: true),
            help: "A response key audit devices leave in clear (repeatable).")
    var auditNonHMACResponseKeys: [String] = []

    @Option(name: .customLong("options", withSingleDash: true), help: "A key=value option (repeatable).")
    var options: [String] = []

    @Option(name: .customLong("plugin-version", withSingleDash: true), help: "Plugin version.")
    var pluginVersion: String?

    /// The tune request body.
    func body() throws -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let defaultLeaseTTL { body["default_lease_ttl"] = .string(defaultLeaseTTL) }
        if let maxLeaseTTL { body["max_lease_ttl"] = .string(maxLeaseTTL) }
        if let description { body["description"] = .string(description) }
        if let listingVisibility { body["listing_visibility"] = .string(listingVisibility) }
        if let pluginVersion { body["plugin_version"] = .string(pluginVersion) }
        let lists = [
            ("passthrough_request_headers", passthroughRequestHeaders), ("allowed_response_headers", allowedResponseHeaders),
            ("audit_non_hmac_request_keys", auditNonHMACRequestKeys), ("audit_non_hmac_response_keys", auditNonHMACResponseKeys),
        ]
        for (name, values) in lists where !values.isEmpty { body[name] = .strings(values) }
        if !options.isEmpty {
            var map: [String: JSONValue] = [:]
            for pair in options {
                guard let eq = pair.firstIndex(of: "=") else {
                    throw ValidationError("invalid -options value \"\(pair)\": format must be key=value")
                }
                map[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
            }
            body["options"] = .object(map)
        }
        return body
    }
}
