import ArcaWire
import FoundationEssentials

/// The failed logins of one alias on one auth mount, as stored in the barrier: how many since
/// the count last started, and when the last one was. Whether the alias is locked follows from
/// these and the settings in force at the time of asking, so retuning applies at once.
struct LockoutRecord: Sendable, Equatable {
    var alias: String
    var failures: UInt64
    /// Unix time of the last failed login, milliseconds.
    var lastFailure: Int64

    /// Milliseconds since the last failure (negative if the clock went back).
    func elapsed(at now: Date) -> Int64 { Self.milliseconds(now).subtractingSaturated(lastFailure) }

    /// Locked: the threshold reached and the lockout duration not yet over.
    func isLocked(at now: Date, _ s: UserLockoutSettings) -> Bool {
        failures >= s.threshold && elapsed(at: now) < s.duration.multipliedSaturated(by: 1000)
    }

    /// The count a new failure adds to: zero once the counter-reset time has passed without a
    /// failure, or once a lockout has run its course (a lockout ends with a fresh count).
    func failuresCounting(at now: Date, _ s: UserLockoutSettings) -> UInt64 {
        let since = elapsed(at: now)
        if since >= s.counterReset.multipliedSaturated(by: 1000) { return 0 }
        if failures >= s.threshold && !isLocked(at: now, s) { return 0 }
        return failures
    }

    static func milliseconds(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard ms.isFinite else { return 0 }
        return ms >= Double(Int64.max) ? .max : ms <= Double(Int64.min) ? .min : Int64(ms)
    }

    var json: JSONValue {
        ["alias": .string(alias), "failures": .number(JSONNumber(failures)), "last_failure": .number(JSONNumber(lastFailure))]
    }

    init(alias: String, failures: UInt64, lastFailure: Int64) {
        self.alias = alias
        self.failures = failures
        self.lastFailure = lastFailure
    }

    init?(json: JSONValue) {
        guard let alias = json["alias"]?.stringValue, case .number(let count) = json["failures"],
            let failures = UInt64(count.description), let last = json["last_failure"]?.int64Value
        else { return nil }
        self.init(alias: alias, failures: failures, lastFailure: last)
    }
}

extension Int64 {
    /// `self * factor`, held at the bounds instead of trapping.
    func multipliedSaturated(by factor: Int64) -> Int64 {
        let (v, overflow) = multipliedReportingOverflow(by: factor)
        return overflow ? ((self < 0) != (factor < 0) ? .min : .max) : v
    }

    /// `self - other`, held at the bounds instead of trapping.
    func subtractingSaturated(_ other: Int64) -> Int64 {
        let (v, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : v
    }
}
