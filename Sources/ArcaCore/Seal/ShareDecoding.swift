/// Turns a share as typed by an operator (hex or base64) into bytes, with Vault's checks.
package enum ShareDecoding {
    /// Shares are a 32-byte key plus one x-coordinate byte; anything shorter than 16 is a typo.
    package static let minimumLength = 16
    package static let maximumLength = 33

    package static func decode(_ text: String) throws(SealError) -> [UInt8] {
        let trimmed = text.trimmingWhitespace()
        guard let bytes = Hex.decode(trimmed) ?? Base64.decode(trimmed) else {
            throw .undecodableShare
        }
        if bytes.count < minimumLength { throw .invalidShare("key is shorter than minimum \(minimumLength) bytes") }
        if bytes.count > maximumLength { throw .invalidShare("key is longer than maximum \(maximumLength) bytes") }
        return bytes
    }
}

extension String {
    package func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
