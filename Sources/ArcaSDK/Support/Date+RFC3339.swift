public import FoundationEssentials

extension Date {
    /// RFC 3339 with nanoseconds in UTC, as Go prints `time.Time` in JSON (`2026-11-22T09:44:35.022983442Z`).
    public var rfc3339Nano: String {
        // Clamped (a year of about ±31 million) so that no stored or computed time, however
        // large, can make the conversions below trap; NaN reads as the epoch.
        let t = timeIntervalSince1970.isNaN ? 0 : min(max(timeIntervalSince1970, -1e15), 1e15)
        var seconds = Int64(t.rounded(.down))
        var nanos = Int64(((t - Double(seconds)) * 1e9).rounded())
        if nanos >= 1_000_000_000 {
            seconds += 1
            nanos -= 1_000_000_000
        }
        let (y, m, d, hh, mm, ss) = Self.civil(seconds)
        guard (0...9999).contains(y) else { return Self.padded(y, m, d, hh, mm, ss, nanos) }
        // Written byte by byte: this runs on hot paths (KV metadata, token lookups, audit entries).
        return String(unsafeUninitializedCapacity: 30) { out in
            var i = 0
            func put(_ v: Int64, _ width: Int) {
                var v = v
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ c: Character) {
                out[i] = c.asciiValue!
                i += 1
            }
            put(y, 4); put("-"); put(m, 2); put("-"); put(d, 2); put("T")
            put(hh, 2); put(":"); put(mm, 2); put(":"); put(ss, 2)
            if nanos > 0 {
                var digits = 9
                var n = nanos
                while n % 10 == 0 {
                    n /= 10
                    digits -= 1
                }
                put(".")
                put(n, digits)
            }
            put("Z")
            return i
        }
    }

    /// The general form, for years outside 0...9999.
    private static func padded(_ y: Int64, _ m: Int64, _ d: Int64, _ hh: Int64, _ mm: Int64, _ ss: Int64, _ nanos: Int64) -> String {
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
