import ArcaSDK
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("45", 45), ("0", 0), ("90s", 90), ("1h30m", 5_400), ("1.5h", 5_400), (".5m", 30), ("7d", 604_800),
        ("1h1h", 7_200), ("1500ms", 1), ("999ms", 0), ("2000000us", 2), ("3000000µs", 3), ("4000000000ns", 4),
        ("  10s\t", 10), ("\u{2003}20s\u{2003}", 20),
    ] as [(String, Int64)])
    func parses(_ text: String, _ seconds: Int64) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test(arguments: [
        "", "   ", "-5", "-5s", "+5s", "soon", "5x", "s5", "1e5s", "1..5s", "5 s", "5S",
        // Digits of other scripts, a combining mark, and Greek mu instead of the micro sign (Go takes
        // that one; this parser never has, so taking it would be a deliberate change).
        "٣s", "3μs", "5\u{301}s", "5s\u{301}",
        "99999999999999999999h",
    ])
    func refuses(_ text: String) {
        #expect(DurationParser.seconds(text) == nil)
    }
}
