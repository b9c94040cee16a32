/// Rules every backend applies to keys before touching the store.
package enum KeyValidation {
    /// The longest key accepted, in UTF-8 bytes.
    package static let maxKeyLength = 4096

    package static func validate(_ key: String) throws(PhysicalError) {
        if key.isEmpty { throw .invalidKey("key is empty") }
        if key.utf8.count > maxKeyLength { throw .invalidKey("key is longer than \(maxKeyLength) bytes") }
        // One pass over the bytes: a NUL anywhere, or a segment that is exactly "..".
        var length = 0
        var dots = 0
        for byte in key.utf8 {
            switch byte {
            case 0: throw .invalidKey("key contains a NUL byte")
            case UInt8(ascii: "/"):
                if length == 2 && dots == 2 { throw .invalidKey("key contains a '..' segment") }
                length = 0
                dots = 0
            default:
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        if length == 2 && dots == 2 { throw .invalidKey("key contains a '..' segment") }
    }
}
