import ArcaCore
import Testing

/// Tune TTLs are read like Vault reads them, with Go's error texts.
@Suite struct GoDurationTests {
    @Test("accepted forms", arguments: [
        ("90", 90), ("-5", -5), ("+5", 5), ("2d", 172_800), ("1h0m0s", 3600), ("1.5h", 5400), ("500ms", 0),
        ("1m30s", 90), ("-1h", -3600), ("0", 0), (".5m", 30), ("3.s", 3), ("1\u{00B5}s", 0),
        ("9223372036", 9_223_372_036), ("106751d", 9_223_286_400), ("2562047h47m16.854775807s", 9_223_372_036),
    ])
    func accepted(_ text: String, _ seconds: Int) throws {
        #expect(try GoDuration.seconds(text) == seconds)
    }

    @Test("Go's error texts", arguments: [
        ("abc", "time: invalid duration \"abc\""),
        (" 1h", "time: invalid duration \" 1h\""),
        ("h", "time: invalid duration \"h\""),
        (".h", "time: invalid duration \".h\""),
        ("-", "time: invalid duration \"-\""),
        ("1x", "time: unknown unit \"x\" in duration \"1x\""),
        ("1hh", "time: unknown unit \"hh\" in duration \"1hh\""),
        ("1.5", "time: missing unit in duration \"1.5\""),
        ("1h30", "time: missing unit in duration \"1h30\""),
        ("1.5d", "strconv.ParseInt: parsing \"1.5\": invalid syntax"),
        ("99999999999999h", "time: invalid duration \"99999999999999h\""),
        // Past what a duration holds, OpenBao's overflow (the days form trapped before the fix;
        // the whole number was taken as it came).
        ("999999999999999d", "multiplication of durations resulted in overflow, one operand may be too large"),
        ("106752d", "multiplication of durations resulted in overflow, one operand may be too large"),
        ("9223372036854775000", "multiplication of durations resulted in overflow, one operand may be too large"),
        ("-9223372037", "multiplication of durations resulted in overflow, one operand may be too large"),
        ("99999999999999999999d", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range"),
    ])
    func rejected(_ text: String, _ message: String) {
        #expect(throws: GoDuration.ParseError(message: message)) { try GoDuration.seconds(text) }
    }
}
