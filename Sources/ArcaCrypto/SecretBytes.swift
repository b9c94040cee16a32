import Synchronization

/// Key material held in a heap buffer that is overwritten with zeros by ``zeroize()`` and when the
/// object is released.
///
/// The bytes never appear in `description`, `debugDescription`, string interpolation or `dump`:
/// they are reachable only through ``withUnsafeBytes(_:)``, so every copy is explicit in the
/// caller's code. The buffer is allocated once and never moved, so no stale copy of it is left
/// behind by a reallocation.
///
/// Access is serialized by a `Mutex`, so a concurrent ``zeroize()`` never races a reader; the
/// lock is held while the `withUnsafeBytes` closure runs. Do not call methods of the same
/// instance from inside that closure (the lock is not recursive).
public final class SecretBytes: Sendable {
    /// The number of bytes. It never changes, not even after ``zeroize()``.
    public let count: Int

    private let storage: Mutex<Storage>

    /// Copies `bytes` into a new owned buffer.
    ///
    /// The caller's array is a value this type cannot reach; callers that want no stray copies
    /// should wipe it with `SecureZero.zero(_:)` after this call.
    /// - Parameter bytes: The key material.
    public init(_ bytes: [UInt8]) {
        self.count = bytes.count
        self.storage = Mutex(Storage(copying: bytes))
    }

    /// Copies the bytes of `bytes` into a new owned buffer.
    /// - Parameter bytes: The key material; it is only read during this call.
    public init(copying bytes: UnsafeRawBufferPointer) {
        self.count = bytes.count
        self.storage = Mutex(Storage(copying: bytes))
    }

    /// `count` fresh random bytes.
    /// - Parameters:
    ///   - count: The number of bytes (for example 32 for an AES-256 key).
    ///   - entropy: Where the bytes come from; the operating system's generator by default.
    public convenience init(randomCount count: Int, entropy: any EntropySource = SystemEntropy()) {
        var random = entropy.bytes(count)
        self.init(random)
        SecureZero.zero(&random)
    }

    deinit {
        storage.withLock { storage in
            SecureZero.zero(storage.buffer)
            storage.buffer.deallocate()
        }
    }

    /// Calls `body` with a read-only view of the bytes, holding the lock for its duration.
    ///
    /// The pointer is valid only inside `body`: do not let it escape, and do not call other
    /// methods of this instance from inside `body`.
    /// - Parameter body: The closure to run with the bytes.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withLock { (storage) throws(Failure) -> Result in
            try body(UnsafeRawBufferPointer(storage.buffer))
        }
    }

    /// A new instance holding an independent copy of the bytes.
    /// - Returns: The copy; zeroizing either instance does not affect the other.
    public func copy() -> SecretBytes {
        withUnsafeBytes { SecretBytes(copying: $0) }
    }

    /// Overwrites the bytes with zeros. The instance stays valid (reads return zeros); calling
    /// this more than once is harmless.
    public func zeroize() {
        storage.withLock { SecureZero.zero($0.buffer) }
    }

    /// Whether every byte is zero. Meant for tests of ``zeroize()``; it reveals nothing else.
    package var isZeroed: Bool {
        withUnsafeBytes { bytes in bytes.reduce(0) { $0 | $1 } == 0 }
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// `<redacted N bytes>`: never the contents.
    public var description: String { "<redacted \(count) bytes>" }

    /// `<redacted N bytes>`: never the contents.
    public var debugDescription: String { description }
}

extension SecretBytes: CustomReflectable {
    /// An empty mirror, so `dump` and debuggers that use reflection show no bytes.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}

/// The owned buffer.
///
/// `@unchecked Sendable`: a raw pointer is not `Sendable`, but this value exists only inside the
/// `Mutex` of its `SecretBytes`, and the pointee is read or written only while that lock is held
/// (and freed in `deinit`, when no other reference exists).
private struct Storage: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer

    /// Allocates a buffer of exactly `bytes.count` bytes and copies `bytes` into it.
    init(copying bytes: UnsafeRawBufferPointer) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        if bytes.count > 0 {
            buffer.copyMemory(from: bytes)
        }
    }

    /// Allocates a buffer holding a copy of `bytes`.
    init(copying bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Storage(copying: $0) }
    }
}
