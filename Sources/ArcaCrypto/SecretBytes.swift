import Synchronization

/// Key material in a heap buffer that is overwritten with zeros on `zeroize()` and on release.
///
/// It never prints its contents. Reads go through `withUnsafeBytes`, so copies are explicit.
public final class SecretBytes: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: Mutex<[UInt8]>

    /// Takes ownership of `bytes`. The caller should not keep other copies.
    public init(_ bytes: [UInt8]) {
        self.storage = Mutex(bytes)
    }

    /// `count` random bytes from `entropy`.
    public convenience init(randomCount count: Int, entropy: any EntropySource) {
        self.init(entropy.bytes(count))
    }

    deinit {
        zeroize()
    }

    /// The number of bytes.
    public var count: Int { storage.withLock { $0.count } }

    /// Calls `body` with the bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R: Sendable>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withLock { bytes in try bytes.withUnsafeBytes(body) }
    }

    /// A new, independent copy.
    public func copy() -> SecretBytes {
        SecretBytes(withUnsafeBytes { Array($0) })
    }

    /// Overwrites the bytes with zeros. Idempotent.
    public func zeroize() {
        storage.withLock { bytes in
            bytes.withUnsafeMutableBytes { SecureZero.zero($0) }
        }
    }

    /// Whether every byte is zero (for tests of zeroization).
    package var isZeroed: Bool { withUnsafeBytes { $0.allSatisfy { $0 == 0 } } }

    public var description: String { "<redacted \(count) bytes>" }
    public var debugDescription: String { description }
}

/// Zeroing the optimizer cannot remove: the write goes through a non-inlinable function.
enum SecureZero {
    @inline(never)
    static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let volatile = base.assumingMemoryBound(to: UInt8.self)
        for i in 0..<buffer.count { volatile[i] = 0 }
        atomicFence()
    }

    @inline(never)
    static func atomicFence() {
        // A sequentially consistent fence keeps the stores ordered before any later release.
        let flag = Atomic<Int>(0)
        flag.store(1, ordering: .sequentiallyConsistent)
    }
}
