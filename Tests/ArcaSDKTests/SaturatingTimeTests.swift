import ArcaSDK
import FoundationEssentials
import Testing

/// Time arithmetic that stops at the end of the range instead of trapping.
@Suite struct SaturatingTimeTests {
    @Test("integer sums, differences and products saturate")
    func integers() {
        #expect(Int64(1_800_000_000).addingSaturating(9_223_372_036_854_775_000) == .max)
        #expect(Int64.min.addingSaturating(-1) == .min)
        #expect(Int64(5).addingSaturating(-7) == -2)
        #expect(Int64.min.subtractingSaturating(1) == .min)
        #expect(Int64.max.subtractingSaturating(-1) == .max)
        #expect(Int64(9_223_372_036).multipliedSaturating(by: 1_000_000_000) == 9_223_372_036_000_000_000)
        #expect(Int64(9_223_372_037).multipliedSaturating(by: 1_000_000_000) == .max)
        #expect(Int64(-9_223_372_037).multipliedSaturating(by: 1_000_000_000) == .min)
    }

    @Test("a double becomes an integer without trapping", arguments: [
        (Double.nan, 0), (.infinity, .max), (-.infinity, .min), (9.3e18, .max), (-9.3e18, .min), (1.9, 1), (-1.9, -1),
        (9.223372036854775807e18, .max),
    ] as [(Double, Int64)])
    func doubles(_ value: Double, _ expected: Int64) {
        #expect(Int64(saturating: value) == expected)
    }

    @Test("RFC 3339 of a time past any real one does not trap")
    func farDates() {
        // Before the fix each of these trapped converting the time to Int64.
        for t in [9.3e18, -9.3e18, Double.infinity, -Double.infinity, Double.nan, 1.8e9 + 9.223372036854775e18] {
            #expect(!Date(timeIntervalSince1970: t).rfc3339Nano.isEmpty)
        }
        #expect(Date(timeIntervalSince1970: Double.nan).rfc3339Nano == "1970-01-01T00:00:00Z")
        #expect(Date(timeIntervalSince1970: 1_796_659_539 + 9_223_369_200).rfc3339Nano == "2319-03-19T15:05:39Z")
    }
}
