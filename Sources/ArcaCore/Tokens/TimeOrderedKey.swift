/// Token ids and accessors that begin with the time they were made, so the storage keys derived
/// from them sort in the order tokens are issued.
///
/// A token's storage key is the HMAC of its id, which is uniformly random: each login's entry,
/// accessor and lease landed on a random leaf of the B-tree, and each revocation on three others.
/// On a durable store that was about 8 WAL pages per login (16 pwrites), B-tree splits all over
/// the file, and checkpoints copying as many pages again. With the stamp in front of the HMAC,
/// new keys append next to each other and expiring ones leave from the other end: measured on a
/// durable store at one connection, AppRole logins wrote 37 instead of 64 KiB per login and kept
/// the disk busy a fifteenth as long.
///
/// The stamp is `width` base62 digits of the milliseconds since 1970, most significant first,
/// with the digits in ASCII order (`0-9A-Za-z`) so that stamps compare as their times do. The
/// key function takes it from the id itself, so a lookup needs nothing but the id; ids without
/// one (issued before, or given by the caller in another shape) keep the plain HMAC as their key,
/// so stores written earlier still resolve. The stamp tells whoever holds a token or accessor
/// when it was issued, which its lookup shows anyway.
enum TimeOrderedKey {
    /// 62^8 ms is about 6,900 years.
    static let width = 8
    /// Base62 digits in ASCII order.
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The stamp for `milliseconds` since 1970.
    static func stamp(milliseconds: UInt64) -> String {
        var out = [UInt8](repeating: digits[0], count: width)
        var rest = milliseconds
        for i in stride(from: width - 1, through: 0, by: -1) {
            out[i] = digits[Int(rest % 62)]
            rest /= 62
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The stamp for `seconds` since 1970 (a wall clock reading; before 1970 counts as 0).
    static func stamp(seconds: Double) -> String {
        stamp(milliseconds: seconds > 0 ? UInt64(seconds * 1000) : 0)
    }

    /// The stamp that begins `body` if `body` has the stamped shape: exactly `width + randomLength`
    /// base62 characters. Otherwise empty.
    static func stamp(of body: Substring, randomLength: Int) -> Substring {
        let utf8 = body.utf8
        guard utf8.count == width + randomLength, utf8.allSatisfy(isBase62) else { return "" }
        return body.prefix(width)
    }

    private static func isBase62(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
    }
}
