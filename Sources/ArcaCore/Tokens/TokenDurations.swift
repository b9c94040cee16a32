import ArcaSDK

/// The token store's own checks and arithmetic on durations (seconds), so that no request value
/// can make a token that never expires or make time arithmetic trap, whatever the field parser
/// lets through.
enum TokenDurations {
    /// The longest duration accepted, seconds: what a Go `time.Duration` holds (about 292 years),
    /// so the bound is OpenBao's; larger values are refused as OpenBao refuses them.
    static let maxSeconds: Int64 = Int64.max / 1_000_000_000

    static let overflow = "multiplication of durations resulted in overflow, one operand may be too large"

    /// A token-create duration (`ttl`, `explicit_max_ttl`, `period`), read from the request's text
    /// as Vault reads these string fields: `""` is 0, a whole number is seconds, else a duration
    /// (`1h30m`). Negative is refused, and so is anything past `maxSeconds`, with OpenBao's
    /// messages. The sign is read here, so the answer does not depend on how the shared duration
    /// parser treats one.
    static func createParameter(_ text: String, name: String) throws -> Int64 {
        if text.isEmpty { return 0 }
        let negative = text.hasPrefix("-")
        let magnitude = negative || text.hasPrefix("+") ? String(text.dropFirst()) : text
        let seconds: Int64
        if !magnitude.isEmpty, magnitude.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            guard let whole = Int64(magnitude) else { throw LogicalError.invalidRequest("time: invalid duration \"\(text)\"") }
            seconds = whole
        } else if let parsed = DurationParser.seconds(magnitude), !magnitude.hasPrefix("-"), !magnitude.hasPrefix("+") {
            seconds = parsed
        } else {
            throw LogicalError.invalidRequest("time: invalid duration \"\(text)\"")
        }
        if negative && seconds > 0 { throw LogicalError.invalidRequest("\(name) must be positive") }
        if seconds > maxSeconds { throw LogicalError.invalidRequest(overflow) }
        return negative ? 0 : seconds
    }

    /// A role's or a renewal's duration field, with the field-conversion messages OpenBao gives.
    static func fieldParameter(_ seconds: Int, name: String, validationPrefix: Bool = false) throws -> Int64 {
        let prefix = (validationPrefix ? "Field validation failed: " : "") + "error converting input for field \"\(name)\": "
        if seconds < 0 { throw LogicalError.invalidRequest(prefix + "cannot provide negative value '\(seconds)'") }
        if Int64(seconds) > maxSeconds { throw LogicalError.invalidRequest(prefix + overflow) }
        return Int64(seconds)
    }

    /// `a + b`, at most `Int64.max` (and at least `Int64.min`) instead of trapping.
    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// The TTL a new token gets, as Vault computes a lease's: the period (capped at the maximum)
    /// for periodic tokens, else the requested TTL or the default; never past the explicit max
    /// TTL or the mount's maximum. Returns the warnings for each cap, as OpenBao words them.
    static func initialTTL(
        requested: Int64, period: Int64, explicitMax: Int64, defaultTTL: Int64, maxTTL: Int64
    ) -> (ttl: Int64, warnings: [String]) {
        var warnings: [String] = []
        var limit = maxTTL
        if explicitMax > 0 && (limit <= 0 || explicitMax < limit) { limit = explicitMax }
        guard limit > 0 else { return (period > 0 ? period : (requested > 0 ? requested : defaultTTL), []) }
        var ttl: Int64
        if period > 0 {
            var period = period
            if period > limit {
                warnings.append(
                    "period of \"\(human(period))\" exceeded the effective max_ttl of \"\(human(limit))\"; "
                        + "period value is capped accordingly")
                period = limit
            }
            // The limit already includes the explicit max TTL.
            ttl = period
        } else {
            ttl = requested > 0 ? requested : defaultTTL
            if ttl > limit {
                warnings.append(capWarning(ttl, limit))
                ttl = limit
            }
        }
        return (ttl, warnings)
    }

    private static func capWarning(_ ttl: Int64, _ limit: Int64) -> String {
        "TTL of \"\(human(ttl))\" exceeded the effective max_ttl of \"\(human(limit))\"; TTL value is capped accordingly"
    }

    /// A duration as Vault's warnings print it: Go's `1h2m3s`, without zero minutes and seconds
    /// after a larger unit (`768h`, `1h1s`, `30m`).
    static func human(_ seconds: Int64) -> String {
        if seconds <= 0 { return "0s" }
        let h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }
}
