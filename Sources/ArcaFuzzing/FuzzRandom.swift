/// A small seeded pseudo-random generator (SplitMix64), so every fuzz input can be made again
/// from its seed and index.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for input `index` of a run seeded with `seed`: inputs do not depend on each
    /// other, so any one of them can be rebuilt without replaying the run.
    public init(seed: UInt64, index: Int) {
        var mixer = FuzzRandom(seed: seed ^ 0x5851_F42D_4C95_7F2D)
        state = mixer.next() ^ (UInt64(truncatingIfNeeded: index) &* 0xD134_2543_DE82_EF95)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 when `n` is not positive).
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound &+ below(range.upperBound &- range.lowerBound &+ 1)
    }

    /// True with probability 1/`n`.
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }

    /// One of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<max(0, count)).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

extension FuzzRandom {
    /// A string of `length` characters drawn from `alphabet`.
    public mutating func string(from alphabet: [String], length: Int) -> String {
        (0..<max(0, length)).map { _ in pick(alphabet) }.joined()
    }

    /// Characters that stress text handling: ASCII letters and punctuation, controls, a combining
    /// mark, letters beyond ASCII, an emoji, a byte-order mark.
    public static let trickyCharacters: [String] = [
        "a", "b", "z", "A", "Z", "0", "1", "9", "_", "-", ".", "/", "*", "+", "@", " ", "\t", "\n", "\r", "\"", "'",
        "\\", "=", ",", ";", ":", "{", "}", "[", "]", "$", "%", "é", "e\u{301}", "ß", "İ", "ﬃ", "日", "🔑", "\u{0}",
        "\u{7F}", "\u{200B}", "\u{FEFF}", "\u{2028}",
    ]
}
