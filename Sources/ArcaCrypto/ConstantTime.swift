/// Comparisons whose running time does not depend on the contents of the inputs.
///
/// Use these for anything secret: tokens, MACs, hashes of secrets. Only whether the lengths differ
/// leaks; with equal lengths every byte is always examined.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    /// - Parameters:
    ///   - a: The first byte sequence.
    ///   - b: The second byte sequence.
    /// - Returns: `true` when both have the same length and the same bytes.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let fromA = a.withContiguousStorageIfAvailable { bufferA in
            b.withContiguousStorageIfAvailable { bufferB in
                equals(UnsafeRawBufferPointer(bufferA), UnsafeRawBufferPointer(bufferB))
            }
        }
        if let result = fromA ?? nil {
            return result
        }
        // Non-contiguous collections (for example lazy views) are copied first.
        return Array(a).withUnsafeBytes { bufferA in
            Array(b).withUnsafeBytes { bufferB in equals(bufferA, bufferB) }
        }
    }

    /// Whether two strings have the same UTF-8 bytes (no Unicode normalization).
    /// - Parameters:
    ///   - a: The first string.
    ///   - b: The second string.
    /// - Returns: `true` when the UTF-8 encodings are identical.
    public static func equals(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { bufferA in
            b.withUTF8 { bufferB in equals(UnsafeRawBufferPointer(bufferA), UnsafeRawBufferPointer(bufferB)) }
        }
    }

    /// Whether two secrets hold the same bytes.
    /// - Parameters:
    ///   - a: The first secret.
    ///   - b: The second secret.
    /// - Returns: `true` when both have the same length and the same bytes.
    public static func equals(_ a: SecretBytes, _ b: SecretBytes) -> Bool {
        // The same instance: taking its lock twice would deadlock.
        if a === b { return true }
        return a.withUnsafeBytes { bufferA in
            b.withUnsafeBytes { bufferB in equals(bufferA, bufferB) }
        }
    }

    /// Whether two raw buffers hold the same bytes.
    /// - Parameters:
    ///   - a: The first buffer.
    ///   - b: The second buffer.
    /// - Returns: `true` when both have the same length and the same bytes.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        return difference(a, b) == 0
    }

    /// The OR of the XOR of every byte pair: zero exactly when the buffers are equal.
    ///
    /// Never inlined, so the caller's comparison with zero cannot be folded into the loop as an
    /// early exit; the loop itself has no data-dependent branch.
    @inline(never)
    private static func difference(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> UInt8 {
        var accumulator: UInt8 = 0
        for index in 0..<a.count {
            accumulator |= a[index] ^ b[index]
        }
        return accumulator
    }
}
