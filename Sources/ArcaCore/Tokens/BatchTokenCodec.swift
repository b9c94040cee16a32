import ArcaSDK
import ArcaStorage
import ArcaWire
import FoundationEssentials

/// Batch tokens are not stored: the token is its own entry, sealed with the barrier's active
/// keyring term (the fixed path below as associated data) and encoded `b.<base64url>`. They
/// cannot be renewed or revoked and have no accessor; they end with their TTL or their parent.
package struct BatchTokenCodec: Sendable {
    static let prefix = "b."
    static let associatedPath = "sys/token/batch"
    /// Longer ids are refused before any decryption is tried.
    static let maxLength = 4096

    let barrier: Barrier

    package init(barrier: Barrier) { self.barrier = barrier }

    func encode(_ entry: TokenEntry) throws -> String {
        let plain = Array(JSONWriter.string(entry.json).utf8)
        let cell = try barrier.encrypt(StorageEntry(key: Self.associatedPath, value: plain)).value
        return Self.prefix + Self.base64URL(cell)
    }

    /// The entry inside `id`, or `nil` when it is not a batch token this barrier made.
    func decode(_ id: String) -> TokenEntry? {
        guard id.hasPrefix(Self.prefix), id.utf8.count <= Self.maxLength,
            let cell = Self.fromBase64URL(String(id.dropFirst(Self.prefix.count))),
            let plain = try? barrier.decrypt(cell, key: Self.associatedPath),
            let json = try? JSONParser.parse(plain)
        else { return nil }
        return try? TokenEntry(json: json)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    static func fromBase64URL(_ text: String) -> [UInt8]? {
        var s = text.replacing("-", with: "+").replacing("_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { Array($0) }
    }
}
