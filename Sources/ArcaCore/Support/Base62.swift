import ArcaCrypto

/// Random base62 strings without modulo bias (rejection sampling).
package enum Base62 {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// Built from ASCII bytes, not `Character`s: every token and accessor is made here.
    package static func random(_ length: Int, entropy: any EntropySource) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        while out.count < length {
            for byte in entropy.bytes(length * 2) where out.count < length {
                // 248 = 4 * 62: bytes at or above it would bias the first characters.
                if byte < 248 { out.append(alphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
