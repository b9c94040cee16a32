import ArcaSDK

/// The options every audit device shares: how entries are rendered and what is hashed.
package struct AuditFormatOptions: Sendable, Equatable {
    package enum Format: String, Sendable {
        case json, jsonx
    }

    package var format: Format = .json
    /// Written before each entry, on the same line.
    package var prefix = ""
    /// Log tokens and data in clear (no hashing at all).
    package var logRaw = false
    /// Hash accessors too (Vault's default); `false` leaves them readable for correlation.
    package var hmacAccessor = true
    /// Replace a list response's `keys` (and `key_info`) by their count.
    package var elideListResponses = false

    package init() {}

    /// Reads the shared options from a device's `options`; a value that does not parse is a 400.
    package init(options: [String: String]) throws {
        if let raw = options["format"], !raw.isEmpty {
            guard let format = Format(rawValue: raw) else {
                throw LogicalError.invalidRequest("unknown format type \"\(raw)\"")
            }
            self.format = format
        }
        prefix = options["prefix"] ?? ""
        logRaw = try Self.bool(options, "log_raw", default: false)
        hmacAccessor = try Self.bool(options, "hmac_accessor", default: true)
        elideListResponses = try Self.bool(options, "elide_list_responses", default: false)
    }

    static func bool(_ options: [String: String], _ key: String, default value: Bool) throws -> Bool {
        guard let raw = options[key], !raw.isEmpty else { return value }
        switch raw.lowercased() {
        case "true", "1", "t": return true
        case "false", "0", "f": return false
        default: throw LogicalError.invalidRequest("unable to parse '\(key)': \"\(raw)\" is not a boolean")
        }
    }
}
