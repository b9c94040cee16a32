import FoundationEssentials

/// The source of wall-clock time, injected so tests control it.
package protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's real clock.
package struct SystemWallClock: WallClock {
    package init() {}
    package func now() -> Date { Date() }
}

