import ArcaWire

/// How the root key is protected, stored unencrypted at `core/seal-config` (it must be readable
/// while sealed). Its presence is what makes the server "initialized".
package struct SealConfig: Sendable, Equatable {
    package static let path = "core/seal-config"

    package var type: String
    package var secretShares: Int
    package var secretThreshold: Int
    /// Recovery key shares of an auto-unseal seal (0 when none were made, and for Shamir).
    package var recoveryShares: Int
    package var recoveryThreshold: Int

    package init(type: String, secretShares: Int, secretThreshold: Int, recoveryShares: Int = 0, recoveryThreshold: Int = 0) {
        self.type = type
        self.secretShares = secretShares
        self.secretThreshold = secretThreshold
        self.recoveryShares = recoveryShares
        self.recoveryThreshold = recoveryThreshold
    }

    /// Whether operators' shares open this store: the unseal keys of Shamir, else recovery keys.
    package var isShamir: Bool { type == ShamirSeal.typeName }

    /// How many shares the operator-facing key has and needs (`n` and `t` of seal-status).
    package var operatorShares: Int { isShamir ? secretShares : recoveryShares }
    package var operatorThreshold: Int { isShamir ? secretThreshold : recoveryThreshold }

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
            "recovery_shares": .int(recoveryShares), "recovery_threshold": .int(recoveryThreshold),
        ])
    }

    package init(serialized bytes: [UInt8]) throws {
        let r = try JSONObjectReader(JSONParser.parse(bytes))
        guard let type = try r.string("type"), let n = try r.int("secret_shares"), let t = try r.int("secret_threshold")
        else { throw SealError.corruptConfig }
        self.init(
            type: type, secretShares: n, secretThreshold: t, recoveryShares: try r.int("recovery_shares") ?? 0,
            recoveryThreshold: try r.int("recovery_threshold") ?? 0)
    }
}
