import Foundation
import Testing

@testable import ArcaServer

/// The server pins Foundation's default time zone to GMT at start, so that calendars built in the
/// default zone (Hummingbird's `Date` header formatter) need no lookup of the host's zone.
@Suite struct ProcessTimeZoneTests {
    @Test("after pinning, the default zone and a new Gregorian calendar's zone are GMT")
    func pinned() {
        ProcessTimeZone.pinDefaultToGMT()
        #expect(NSTimeZone.default.secondsFromGMT() == 0)
        #expect(NSTimeZone.default.identifier == "GMT")
        let calendar = Calendar(identifier: .gregorian)
        #expect(calendar.timeZone.secondsFromGMT() == 0)
        #expect(calendar.timeZone.identifier == "GMT")
    }
}
