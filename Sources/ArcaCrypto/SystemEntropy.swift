/// The operating system's cryptographically secure generator (`SystemRandomNumberGenerator`:
/// `getrandom(2)` on Linux, `arc4random_buf` on Darwin).
public struct SystemEntropy: EntropySource {
    /// Creates the source; it holds no state.
    public init() {}

    /// `count` bytes from the system generator.
    /// - Parameter count: How many bytes to return.
    /// - Returns: `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8](repeating: 0, count: count)
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
    }
}
