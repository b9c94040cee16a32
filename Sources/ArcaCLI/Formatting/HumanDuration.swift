/// Seconds as the Vault CLI prints durations: `768h`, `1h30m`, `45m10s`, `0s` (zero units dropped).
enum HumanDuration {
    static func format(_ seconds: Int64) -> String {
        if seconds <= 0 { return "0s" }
        let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 { out += "\(s)s" }
        return out
    }
}
