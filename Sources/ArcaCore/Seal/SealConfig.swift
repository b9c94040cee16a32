import ArcaWire

/// How the root key is protected, stored unencrypted at `core/seal-config` (it must be readable
/// while sealed). Its presence is what makes the server "initialized".
package struct SealConfig: Sendable, Equatable {
    package static let path = "core/seal-config"

    package var type: String
    package var secretShares: Int
    package var secretThreshold: Int

    package init(type: String, secretShares: Int, secretThreshold: Int) {
        self.type = type
        self.secretShares = secretShares
        self.secretThreshold = secretThreshold
    }

    /// Checks share counts as Vault does, with its messages.
    package static func validate(shares: Int, threshold: Int) throws(SealError) {
        if shares < 1 { throw .invalidConfig("shares must be at least one") }
        if threshold < 1 { throw .invalidConfig("threshold must be at least one") }
        if shares > 1 && threshold == 1 { throw .invalidConfig("threshold must be greater than one for multiple shares") }
        if shares > 255 { throw .invalidConfig("shares must be less than 256") }
        if threshold > shares { throw .invalidConfig("threshold cannot be larger than shares") }
    }

    package var serialized: [UInt8] {
        JSONWriter.encode([
            "type": .string(type), "secret_shares": .int(secretShares), "secret_threshold": .int(secretThreshold),
        ])
    }

    package init(serialized bytes: [UInt8]) throws {
        let r = try JSONObjectReader(JSONParser.parse(bytes))
        guard let type = try r.string("type"), let n = try r.int("secret_shares"), let t = try r.int("secret_threshold")
        else { throw SealError.corruptConfig }
        self.init(type: type, secretShares: n, secretThreshold: t)
    }
}
