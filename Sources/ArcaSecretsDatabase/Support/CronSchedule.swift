/// A standard five-field cron expression (minute hour day-of-month month day-of-week) in UTC,
/// with `*`, lists, ranges and steps, for `rotation_schedule`.
struct CronSchedule: Sendable, Equatable {
    let minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>
    /// Whether day-of-month and day-of-week were both restricted (then either may match, as cron does).
    let dayOr: Bool

    init?(_ text: String) {
        let f = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard f.count == 5,
            let mi = Self.field(f[0], 0...59), let h = Self.field(f[1], 0...23), let d = Self.field(f[2], 1...31),
            let mo = Self.field(f[3], 1...12), var w = Self.field(f[4], 0...7)
        else { return nil }
        if w.contains(7) { w.insert(0); w.remove(7) }
        minutes = mi
        hours = h
        days = d
        months = mo
        weekdays = w
        dayOr = f[2] != "*" && f[4] != "*"
    }

    static func field(_ text: String, _ range: ClosedRange<Int>) -> Set<Int>? {
        var out = Set<Int>()
        for part in text.split(separator: ",") {
            var body = Substring(part), step = 1
            if let slash = part.firstIndex(of: "/") {
                guard let s = Int(part[part.index(after: slash)...]), s > 0 else { return nil }
                step = s
                body = part[..<slash]
            }
            var lo = range.lowerBound, hi = range.upperBound
            if body != "*" {
                let bounds = body.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, let a = Int(bounds[0]) else { return nil }
                lo = a
                hi = bounds.count == 2 ? (Int(bounds[1]) ?? -1) : (step > 1 ? range.upperBound : a)
            }
            guard range.contains(lo), range.contains(hi), lo <= hi else { return nil }
            out.formUnion(stride(from: lo, through: hi, by: step))
        }
        return out.isEmpty ? nil : out
    }

    /// The first scheduled minute strictly after `unix` (seconds), in UTC.
    func next(after unix: Double) -> Double? {
        var t = (Int64(unix) / 60 + 1) * 60
        for _ in 0..<(366 * 24 * 60 * 5) {
            let c = CivilTime(unix: t)
            let dayMatch = dayOr
                ? (days.contains(c.day) || weekdays.contains(c.weekday))
                : (days.contains(c.day) && weekdays.contains(c.weekday))
            if months.contains(c.month) && dayMatch && hours.contains(c.hour) && minutes.contains(c.minute) {
                return Double(t)
            }
            t += 60
        }
        return nil
    }
}

/// UTC calendar fields of a Unix time (days-from-civil, Howard Hinnant's algorithm).
struct CivilTime {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, weekday: Int

    init(unix: Int64) {
        let days = Int(unix / 86400)
        let secs = Int(unix % 86400)
        hour = secs / 3600
        minute = (secs % 3600) / 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
