/// Arca's version, reported by `sys/seal-status`, `sys/health` and `arca version`.
public enum ArcaVersion {
    public static let version = "0.1.0"
    public static let buildDate = "2026-11-22T00:00:00Z"
}
