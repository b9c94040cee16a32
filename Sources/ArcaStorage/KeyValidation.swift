/// Rules every backend applies to keys before touching the store.
package enum KeyValidation {
    /// The longest key accepted, in UTF-8 bytes.
    package static let maxKeyLength = 4096

    package static func validate(_ key: String) throws(PhysicalError) {
        if key.isEmpty { throw .invalidKey("key is empty") }
        if key.utf8.count > maxKeyLength { throw .invalidKey("key is longer than \(maxKeyLength) bytes") }
        if key.utf8.contains(0) { throw .invalidKey("key contains a NUL byte") }
        if key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
            throw .invalidKey("key contains a '..' segment")
        }
    }
}
