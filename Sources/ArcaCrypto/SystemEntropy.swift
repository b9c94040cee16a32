#if canImport(Glibc)
import Glibc
#endif

/// The operating system's cryptographically secure generator: glibc's `arc4random_buf` (backed
/// by `getrandom(2)`) on Linux, `SystemRandomNumberGenerator` elsewhere.
public struct SystemEntropy: EntropySource {
    /// Creates the source; it holds no state.
    public init() {}

    /// `count` bytes from the system generator.
    /// - Parameter count: How many bytes to return.
    /// - Returns: `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        var out = [UInt8](repeating: 0, count: count)
        #if canImport(Glibc)
        // glibc's arc4random_buf: getrandom(2) for the whole buffer, where the generator below
        // makes one call per 8 bytes.
        if count > 0 { out.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, count) } }
        return out
        #else
        var generator = SystemRandomNumberGenerator()
        out.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < count {
                var word = generator.next()
                let chunk = min(MemoryLayout<UInt64>.size, count - offset)
                withUnsafeBytes(of: &word) { raw in
                    buffer.baseAddress!.advanced(by: offset).copyMemory(from: raw.baseAddress!, byteCount: chunk)
                }
                word = 0
                offset += chunk
            }
        }
        return out
        #endif
    }
}
