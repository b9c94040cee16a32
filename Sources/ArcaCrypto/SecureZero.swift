#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Synchronization
#endif

/// Overwrites memory with zeros in a way the optimizer may not remove as a dead store.
///
/// A plain loop of zero stores right before a buffer is freed is exactly what dead-store
/// elimination deletes, so this uses the platform's dedicated primitive (`memset_s` on Darwin,
/// `explicit_bzero` on glibc and musl), behind a function that is never inlined. Elsewhere it
/// falls back to byte stores in a non-inlinable function followed by a memory fence.
///
/// Use it for transient buffers that held secrets (unseal shares, decoded keys) before they are
/// released; long-lived key material belongs in ``SecretBytes``, which does this itself.
public enum SecureZero {
    /// Zeroes every byte of `buffer`.
    /// - Parameter buffer: The memory to overwrite.
    @inline(never)
    public static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #elseif canImport(Glibc) || canImport(Musl)
        explicit_bzero(base, buffer.count)
        #else
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        for index in 0..<buffer.count { bytes[index] = 0 }
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        #endif
    }

    /// Zeroes the elements of `array` in place (its length is kept).
    ///
    /// Only storage this array owns alone is wiped: if another copy still shares it,
    /// copy-on-write first gives `array` a fresh buffer and the shared one stays intact. Call it
    /// on the last holder of the bytes.
    /// - Parameter array: The bytes to overwrite.
    public static func zero(_ array: inout [UInt8]) {
        array.withUnsafeMutableBytes { zero($0) }
    }

    /// Zeroes the storage of `array` even when other copies share it: every copy then reads
    /// zeros. For buffers that several values refer to (a share passed through a collector and an
    /// enum) and that nobody reads again; copy-on-write would otherwise leave the shared buffer
    /// intact and wipe a fresh copy.
    /// - Parameter array: The bytes to overwrite, in every copy.
    public static func zeroShared(_ array: [UInt8]) {
        array.withUnsafeBytes { zero(UnsafeMutableRawBufferPointer(mutating: $0)) }
    }
}
