import Synchronization

/// A source of random bytes, injected so tests can be deterministic.
public protocol EntropySource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}

/// The operating system's CSPRNG (`getrandom(2)` through `SystemRandomNumberGenerator`).
public struct SystemEntropy: EntropySource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = generator.next()
            withUnsafeBytes(of: &word) { raw in
                for b in raw where i < count {
                    out[i] = b
                    i += 1
                }
            }
        }
        return out
    }
}

/// Deterministic bytes from a seed (SplitMix64), for tests only.
public final class SeededEntropy: EntropySource, @unchecked Sendable {
    // @unchecked: the state is only touched under the lock.
    private var state: UInt64
    private let lock = NSLockLike()

    public init(seed: UInt64) { self.state = seed }

    public func bytes(_ count: Int) -> [UInt8] {
        lock.withLock {
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                withUnsafeBytes(of: z.littleEndian) { out.append(contentsOf: $0.prefix(count - out.count)) }
            }
            return out
        }
    }
}



/// A tiny lock wrapper so `SeededEntropy` can stay a class with mutable state.
final class NSLockLike: Sendable {
    private let mutex = Mutex(())
    func withLock<R>(_ body: () -> R) -> R { mutex.withLock { _ in body() } }
}
