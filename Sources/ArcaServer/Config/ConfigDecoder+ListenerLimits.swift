import ArcaSDK
import HCL

extension ConfigDecoder {
    /// Longest timeout or request duration a listener accepts: one year, far beyond any use and
    /// far inside what the event loop's clock can add without overflow.
    static let maxListenerDuration: Int64 = 366 * 86400

    /// Applies a listener's connection or request limit key (Vault's `http_read_header_timeout`,
    /// `http_read_timeout`, `http_write_timeout`, `http_idle_timeout`, `max_request_size`,
    /// `max_request_duration`, and Arca's `max_connections`); `false` when `attribute` is none of them.
    func applyLimit(_ attribute: HCLAttribute, to l: inout ListenerConfig) throws -> Bool {
        switch attribute.name {
        case "http_read_header_timeout": l.httpReadHeaderTimeout = try limitDuration(attribute)
        case "http_read_timeout": l.httpReadTimeout = try limitDuration(attribute)
        case "http_write_timeout": l.httpWriteTimeout = try limitDuration(attribute)
        case "http_idle_timeout": l.httpIdleTimeout = try limitDuration(attribute)
        case "max_request_duration": l.maxRequestDuration = try limitDuration(attribute)
        case "max_request_size": l.maxRequestSize = try limitInteger(attribute, allowNegative: true)
        case "max_connections": l.maxConnections = Int(try limitInteger(attribute, allowNegative: false))
        default: return false
        }
        return true
    }

    /// A duration in whole seconds: `"10s"`, `"5m"`, `"1h30m"` or a number of seconds. Negative,
    /// sub-second (other than zero) and over-long values are refused rather than rounded.
    private func limitDuration(_ attribute: HCLAttribute) throws -> Int64 {
        let name = attribute.name
        let invalid = fail(attribute.valuePosition, "'\(name)' must be a duration such as \"10s\" or \"5m\"")
        let text: String
        switch attribute.value {
        case .number(let n): text = n.literal
        case .string(let s): text = s
        default: throw invalid
        }
        if text.hasPrefix("-") { throw fail(attribute.valuePosition, "'\(name)' must not be negative") }
        guard let seconds = DurationParser.seconds(text) else { throw invalid }
        if seconds == 0, !Self.isZero(text) {
            throw fail(attribute.valuePosition, "'\(name)' must be 0 or at least 1s (whole seconds)")
        }
        guard seconds <= Self.maxListenerDuration else {
            throw fail(attribute.valuePosition, "'\(name)' must be at most 8784h (one year)")
        }
        return seconds
    }

    /// Whether a duration text is zero in every component (`"0"`, `"0s"`, `"0ms"`).
    private static func isZero(_ text: String) -> Bool {
        !text.contains { ("1"..."9").contains($0) }
    }

    /// A whole number, as a number or a string of digits.
    private func limitInteger(_ attribute: HCLAttribute, allowNegative: Bool) throws -> Int64 {
        let value: Int64?
        switch attribute.value {
        case .number(let n): value = n.int64
        case .string(let s): value = Int64(s)
        default: value = nil
        }
        guard let value else { throw fail(attribute.valuePosition, "'\(attribute.name)' must be a whole number") }
        if !allowNegative, value < 0 { throw fail(attribute.valuePosition, "'\(attribute.name)' must not be negative") }
        guard value <= Int64(Int32.max) * 1024 else {
            throw fail(attribute.valuePosition, "'\(attribute.name)' is too large")
        }
        return value
    }
}
