import Synchronization

/// A deterministic byte stream from a 64-bit seed, **for tests only**: it is predictable.
///
/// The stream is SplitMix64 (Steele, Lea and Flood, 2014): each call to ``bytes(_:)`` continues
/// where the previous one stopped, emitting each 64-bit output little-endian. The same seed
/// always gives the same bytes, on every platform.
public final class SeededEntropy: EntropySource {
    private let state: Mutex<Generator>

    /// Creates a stream starting from `seed`.
    /// - Parameter seed: Any value; equal seeds give equal streams.
    public init(seed: UInt64) {
        self.state = Mutex(Generator(state: seed))
    }

    /// The next `count` bytes of the stream.
    /// - Parameter count: How many bytes to return.
    /// - Returns: `count` bytes, determined by the seed and by the bytes already taken.
    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        return state.withLock { generator in
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                var word = generator.next()
                for _ in 0..<min(8, count - out.count) {
                    out.append(UInt8(truncatingIfNeeded: word))
                    word >>= 8
                }
            }
            return out
        }
    }
}

/// SplitMix64's state and step.
private struct Generator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
