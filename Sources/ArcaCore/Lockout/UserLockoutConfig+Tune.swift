import ArcaSDK
import ArcaWire

/// An auth mount's `user_lockout_config`: the tune write's keys (OpenBao's: `lockout_threshold`,
/// `lockout_duration`, `lockout_counter_reset_duration`, `lockout_disable`), how it is stored in
/// the mount's tuning, and how `sys/auth` and the tune read show it.
extension UserLockoutConfig {
    static let thresholdKey = "lockout_threshold"
    static let durationKey = "lockout_duration"
    static let counterResetKey = "lockout_counter_reset_duration"
    static let disableKey = "lockout_disable"
    static let unconvertible = LogicalError.invalidRequest("unable to convert given user lockout config information")

    /// `current` with the keys `given` names changed; other keys are ignored, as in OpenBao. A
    /// threshold or duration of 0 goes back to the server's setting. Nothing named: `current`.
    static func tuned(_ given: [String: JSONValue], onto current: UserLockoutConfig?) throws -> UserLockoutConfig? {
        let named = [thresholdKey, durationKey, counterResetKey, disableKey].filter { given[$0].map { $0 != .null } ?? false }
        guard !named.isEmpty else { return current }
        var config = current ?? UserLockoutConfig()
        if let raw = given[thresholdKey], let text = try scalarText(raw), !text.isEmpty {
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                let reason = text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) ? "value out of range" : "invalid syntax"
                throw LogicalError.invalidRequest(
                    "unable to parse user lockout threshold: strconv.ParseUint: parsing \(GoDuration.quote(text)): \(reason)")
            }
            config.threshold = value == 0 ? nil : value
        }
        if let seconds = try duration(given[durationKey], durationKey) { config.duration = seconds == 0 ? nil : seconds }
        if let seconds = try duration(given[counterResetKey], counterResetKey) {
            config.counterReset = seconds == 0 ? nil : seconds
        }
        switch given[disableKey] {
        case nil, .null?: break
        case .bool(let b)?: config.disabled = b
        default: throw unconvertible
        }
        return config
    }

    /// A string or a number as text; other kinds cannot be converted.
    private static func scalarText(_ raw: JSONValue) throws -> String? {
        switch raw {
        case .null: return nil
        case .string(let s): return s
        case .number(let n): return n.description
        default: throw unconvertible
        }
    }

    /// A duration string, or a number of seconds; negative durations are refused (OpenBao keeps them).
    private static func duration(_ raw: JSONValue?, _ name: String) throws -> Int64? {
        guard let raw, let text = try scalarText(raw), !text.isEmpty else { return nil }
        let seconds: Int
        do {
            seconds = try GoDuration.seconds(raw.int64Value.map { "\($0)s" } ?? text)
        } catch {
            throw LogicalError.invalidRequest(error.message)
        }
        if seconds < 0 { throw LogicalError.invalidRequest("\(name) cannot be negative") }
        return Int64(seconds)
    }

    /// As stored in the mount's tuning: only what was set.
    var storedJSON: JSONValue {
        var o: [String: JSONValue] = [:]
        if let threshold { o["threshold"] = .number(JSONNumber(threshold)) }
        if let duration { o["duration"] = .number(JSONNumber(duration)) }
        if let counterReset { o["counter_reset"] = .number(JSONNumber(counterReset)) }
        if let disabled { o["disable"] = .bool(disabled) }
        return .object(o)
    }

    init(stored json: JSONValue) {
        var threshold: UInt64?
        if case .number(let n)? = json["threshold"] { threshold = UInt64(n.description) }
        self.init(
            threshold: threshold, duration: json["duration"]?.int64Value, counterReset: json["counter_reset"]?.int64Value,
            disabled: json["disable"]?.boolValue)
    }

    /// The keys the tune read shows (and `sys/auth` nests under `user_lockout_config`): zero and
    /// false for what the mount leaves to the server's settings.
    var wireFields: [String: JSONValue] {
        [
            "user_lockout_threshold": .number(JSONNumber(threshold ?? 0)),
            "user_lockout_duration": .number(JSONNumber(duration ?? 0)),
            "user_lockout_counter_reset_duration": .number(JSONNumber(counterReset ?? 0)),
            "user_lockout_disable": .bool(disabled ?? false),
        ]
    }
}
