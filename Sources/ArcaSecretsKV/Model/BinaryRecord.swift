/// A compact byte form for stored records: integers as zigzag LEB128 varints, strings as a
/// varint length and their UTF-8 bytes, booleans as one byte. Nothing in it is self-describing:
/// the reader must read the fields in the order the writer wrote them.
struct RecordWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    mutating func int(_ v: Int) {
        var u = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
        while u >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: u) | 0x80)
            u >>= 7
        }
        bytes.append(UInt8(u))
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `RecordWriter` wrote; any read past the end or out of range throws, so a damaged
/// record is an error, never a wrong value.
struct RecordReader {
    struct Malformed: Error, CustomStringConvertible {
        let what: String
        var description: String { "malformed stored record: \(what)" }
    }

    private let bytes: [UInt8]
    private var at: Int

    init(_ bytes: [UInt8], from start: Int = 0) {
        self.bytes = bytes
        at = start
    }

    var atEnd: Bool { at == bytes.count }

    mutating func byte() throws(Malformed) -> UInt8 {
        guard at < bytes.count else { throw Malformed(what: "truncated") }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func bool() throws(Malformed) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw Malformed(what: "bad boolean")
        }
    }

    mutating func int() throws(Malformed) -> Int {
        var u: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift < 63 || b <= 1 else { throw Malformed(what: "integer too long") }
            u |= UInt64(b & 0x7f) << shift
            if b < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
    }

    mutating func count() throws(Malformed) -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - at else { throw Malformed(what: "bad length") }
        return n
    }

    mutating func string() throws(Malformed) -> String {
        let n = try count()
        defer { at += n }
        guard let s = String(validating: bytes[at..<at + n], as: UTF8.self) else { throw Malformed(what: "bad UTF-8") }
        return s
    }
}
