import Foundation

/// Foundation's default time zone for the server process.
///
/// Arca shows every time in UTC and never formats a local time, but Hummingbird's `Date` header
/// formatter builds a Gregorian calendar in the default zone before switching it to GMT. Left to
/// itself, Foundation resolves that default from the host (`/etc/localtime`) through ICU, which
/// loads about 2 MiB of ICU code and time-zone data that then stays in the server's memory for
/// nothing. Pinning the default to GMT first skips that lookup. Log lines keep the host's local
/// time: they are formatted by the C library, which this does not touch.
enum ProcessTimeZone {
    static func pinDefaultToGMT() {
        guard let gmt = TimeZone(secondsFromGMT: 0) else { return }
        NSTimeZone.default = gmt
    }
}
