public import FoundationEssentials

extension Date {
    /// RFC 3339 with nanoseconds in UTC, as Go prints `time.Time` in JSON (`2026-11-22T09:44:35.022983442Z`).
    public var rfc3339Nano: String {
        let t = timeIntervalSince1970
        var seconds = Int64(t.rounded(.down))
        var nanos = Int64(((t - Double(seconds)) * 1e9).rounded())
        if nanos >= 1_000_000_000 {
            seconds += 1
            nanos -= 1_000_000_000
        }
        let (y, m, d, hh, mm, ss) = Self.civil(seconds)
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        var frac = ""
        if nanos > 0 {
            frac = "." + pad(nanos, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))\(frac)Z"
    }

    /// Converts Unix seconds to a UTC civil date (Howard Hinnant's days-from-civil inverse).
    private static func civil(_ secs: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }
}
