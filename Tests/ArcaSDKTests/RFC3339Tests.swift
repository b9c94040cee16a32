import ArcaSDK
import FoundationEssentials
import Testing

/// `Date.rfc3339Nano` prints what Go's `time.Time` JSON encoding prints: UTC, nanoseconds with
/// trailing zeros dropped, no fraction for a whole second.
@Suite struct RFC3339Tests {
    @Test(
        "whole seconds, fractions, leap days and the ends of the four-digit years",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_700_000_000.5, "2023-11-14T22:13:20.5Z"),
            (1_700_000_000.25, "2023-11-14T22:13:20.25Z"),
            (1_700_000_000.125, "2023-11-14T22:13:20.125Z"),
            (1_000_000_000.0625, "2001-09-09T01:46:40.0625Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (253_402_300_800, "10000-01-01T00:00:00Z"),
        ] as [(Double, String)])
    func formats(seconds: Double, expected: String) {
        #expect(Date(timeIntervalSince1970: seconds).rfc3339Nano == expected)
    }

    @Test("a fraction that rounds up to the next second carries into the seconds")
    func carry() {
        #expect(Date(timeIntervalSince1970: 1_700_000_000.999_999_999_9).rfc3339Nano == "2023-11-14T22:13:21Z")
    }
}
