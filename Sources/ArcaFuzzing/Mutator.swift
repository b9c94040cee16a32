/// Byte-level mutations of an input, libFuzzer-style: bit flips, random and "interesting" bytes,
/// inserts, deletes, duplicated runs, splices from another input, and tokens of the format.
public struct Mutator: Sendable {
    /// Tokens of the format (keywords, punctuation, escapes), inserted or overwritten whole.
    public let dictionary: [[UInt8]]
    /// Inputs never grow beyond this.
    public let maxLength: Int

    public init(dictionary: [String], maxLength: Int = 4096) {
        self.dictionary = dictionary.map { Array($0.utf8) } + Self.interesting
        self.maxLength = maxLength
    }

    /// Values that sit on the edges of parsers' arithmetic and encodings.
    static let interesting: [[UInt8]] = [
        "0", "-1", "-0", "1e309", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "4294967296", "1.7976931348623157e308", "NaN", "\u{0}", "\u{FEFF}", "\u{10FFFF}",
        "%00", "%", "\\", "\r\n", "\n", " ", "\t",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x94], [0xED, 0xA0, 0x80], [0x80]]

    /// Applies one to `count` stacked mutations; `others` are inputs to splice from.
    public func mutate(_ bytes: inout [UInt8], count: Int, others: [[UInt8]], _ rng: inout FuzzRandom) {
        for _ in 0..<max(1, count) { mutateOnce(&bytes, others: others, &rng) }
        if bytes.count > maxLength { bytes.removeSubrange(maxLength...) }
    }

    private func mutateOnce(_ bytes: inout [UInt8], others: [[UInt8]], _ rng: inout FuzzRandom) {
        let at = rng.below(bytes.count + 1)
        switch rng.below(12) {
        case 0 where !bytes.isEmpty:  // flip a bit
            bytes[rng.below(bytes.count)] ^= UInt8(1) << UInt8(rng.below(8))
        case 1 where !bytes.isEmpty:  // set a byte
            bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
        case 2:  // insert random bytes
            bytes.insert(contentsOf: rng.bytes(1 + rng.below(4)), at: at)
        case 3:  // delete a run
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(8)))
        case 4:  // duplicate a run elsewhere
            let run = Array(bytes[at..<min(bytes.count, at + 1 + rng.below(32))])
            bytes.insert(contentsOf: run, at: rng.below(bytes.count + 1))
        case 5:  // truncate
            bytes.removeSubrange(at...)
        case 6, 7:  // insert a token
            bytes.insert(contentsOf: rng.pick(dictionary), at: at)
        case 8:  // overwrite with a token
            let token = rng.pick(dictionary)
            bytes.replaceSubrange(at..<min(bytes.count, at + token.count), with: token)
        case 9 where !others.isEmpty:  // splice a run of another input
            let other = rng.pick(others)
            let from = rng.below(other.count + 1)
            let run = other[from..<min(other.count, from + 1 + rng.below(64))]
            bytes.replaceSubrange(at..<min(bytes.count, at + rng.below(16)), with: run)
        case 10 where !bytes.isEmpty:  // swap two bytes
            bytes.swapAt(rng.below(bytes.count), rng.below(bytes.count))
        case 11:  // repeat a byte
            let byte = bytes.isEmpty ? UInt8(truncatingIfNeeded: rng.next()) : bytes[rng.below(bytes.count)]
            bytes.insert(contentsOf: repeatElement(byte, count: 1 + rng.below(64)), at: at)
        default:
            bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        }
    }
}
