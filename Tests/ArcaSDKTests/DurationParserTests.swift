import ArcaSDK
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("45", 45), ("0", 0), ("90s", 90), ("1h30m", 5_400), ("1.5h", 5_400), (".5m", 30), ("7d", 604_800),
        ("1h1h", 7_200), ("1500ms", 1), ("999ms", 0), ("2000000us", 2), ("3000000\u{B5}s", 3),
        ("5000000\u{3BC}s", 5), ("4000000000ns", 4),
        ("  10s\t", 10), ("\u{2003}20s\u{2003}", 20),
    ] as [(String, Int64)])
    func parses(_ text: String, _ seconds: Int64) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test(arguments: [
        "", "   ", "-5", "-5s", "+5s", "soon", "5x", "s5", "1e5s", "1..5s", "5 s", "5S",
        // Digits of other scripts, a combining mark, the Greek mu or the micro sign with no `s`, a
        // doubled mu, and mu spelled as the Latin letters it looks like.
        "٣s", "5\u{301}s", "5s\u{301}", "3\u{3BC}", "3\u{B5}", "3\u{3BC}\u{3BC}s", "3mus",
        "99999999999999999999h",
        // Past what a duration holds (2^63 ns): refused, so `now + ttl` cannot overflow later.
        "9223372037", "2562048h", "106752d", "9223372036854775000",
    ])
    func refuses(_ text: String) {
        #expect(DurationParser.seconds(text) == nil)
    }

    @Test("the lenient reading stops exactly at the longest duration")
    func bound() {
        #expect(DurationParser.seconds("9223372036") == DurationParser.maxSeconds)
        #expect(DurationParser.seconds("2562047h") == 9_223_369_200)
    }
}
