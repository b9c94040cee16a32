import FoundationEssentials

/// When the background tidy last ran: the core's periodic call comes about once a second, and
/// a pass reads every secret id, so it runs at most once per `interval` (Vault: once a minute).
actor TidySchedule {
    let interval: Double
    private var lastRun: Date?

    init(interval: Double = 60) { self.interval = interval }

    /// Whether a pass is due at `now`; if so, records it as started.
    func claim(at now: Date) -> Bool {
        if let lastRun, now.timeIntervalSince(lastRun) < interval { return false }
        lastRun = now
        return true
    }
}
