import ArcaSDK
import Testing

/// `DurationParser.vaultSeconds`: OpenBao's reading of a duration field, bounded, with its error
/// texts. Every row was checked against `bao server -dev` (2.7.2) as the `increment` of
/// `auth/token/renew-self` or a tune TTL.
@Suite struct VaultDurationTests {
    @Test("accepted as OpenBao accepts them", arguments: [
        ("1.5h", 5_400), ("7d", 604_800), ("106751d", 9_223_286_400), ("+5s", 5), ("+5", 5), ("", 0), ("-0", 0),
        ("-0s", 0), ("0.5s", 0), ("1500ms", 1), ("2562047h47m16.854775807s", 9_223_372_036), ("9223372036s", 9_223_372_036),
        ("00012", 12), (".5m", 30), ("3.s", 3), ("-1ns", 0), ("-5", -5), ("-1d", -86_400), ("+1d", 86_400),
        ("9223372036", 9_223_372_036), ("-9223372036", -9_223_372_036), ("-1h", -3_600), ("1\u{00B5}s", 0),
        ("90m", 5_400), ("1h1h", 7_200),
    ] as [(String, Int64)])
    func accepted(_ text: String, _ seconds: Int64) throws {
        #expect(try DurationParser.vaultSeconds(text) == seconds)
    }

    static let overflow = DurationParser.overflowMessage

    @Test("refused with OpenBao's texts", arguments: [
        ("  10s", #"time: invalid duration "  10s""#),
        ("10s ", #"time: unknown unit "s " in duration "10s ""#),
        ("106752d", overflow),
        ("9999999999999d", overflow),
        ("1.5d", #"strconv.ParseInt: parsing "1.5": invalid syntax"#),
        ("1e5", #"time: unknown unit "e" in duration "1e5""#),
        ("5 s", #"time: unknown unit " s" in duration "5 s""#),
        ("0x10", #"time: unknown unit "x" in duration "0x10""#),
        ("1h1d", #"strconv.ParseInt: parsing "1h1": invalid syntax"#),
        ("٣s", #"time: invalid duration "\xd9\xa3s""#),
        ("2562047h47m16.854775808s", #"time: invalid duration "2562047h47m16.854775808s""#),
        ("9223372037s", #"time: invalid duration "9223372037s""#),
        ("12.0", #"time: missing unit in duration "12.0""#),
        ("1E2", #"time: unknown unit "E" in duration "1E2""#),
        ("5S", #"time: unknown unit "S" in duration "5S""#),
        ("1..5s", #"time: missing unit in duration "1..5s""#),
        ("-", #"time: invalid duration "-""#),
        ("9223372036854775000", overflow),
        ("99999999999999999999", #"time: invalid duration "99999999999999999999""#),
        ("9223372037", overflow),
        ("-9223372037", overflow),
        ("-9223372036854775808", overflow),
        ("99999999999999999999d", #"strconv.ParseInt: parsing "99999999999999999999": value out of range"#),
        ("d", #"strconv.ParseInt: parsing "": invalid syntax"#),
        ("1_0", #"time: unknown unit "_" in duration "1_0""#),
        ("garbage", #"time: invalid duration "garbage""#),
        ("2562048h", #"time: invalid duration "2562048h""#),
        ("1\"h", #"time: unknown unit "\"h" in duration "1\"h""#),
    ])
    func refused(_ text: String, _ message: String) {
        #expect(throws: FieldCoercionError(message)) { try DurationParser.vaultSeconds(text) }
    }

    @Test("nanoseconds: Go's exact limits")
    func nanosecondLimits() throws {
        #expect(try DurationParser.vaultNanoseconds("2562047h47m16.854775807s") == Int64.max)
        #expect(try DurationParser.vaultNanoseconds("-2562047h47m16.854775808s") == Int64.min)
        #expect(try DurationParser.vaultNanoseconds("1.000000001s") == 1_000_000_001)
        #expect(try DurationParser.vaultNanoseconds("1.0000000000000000000000001s") == 1_000_000_000)
        #expect(try DurationParser.vaultNanoseconds("500ms") == 500_000_000)
    }
}
