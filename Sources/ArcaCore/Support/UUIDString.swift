import ArcaCrypto

/// Random identifiers in UUID text form (`8-4-4-4-12` hex), as Vault prints nonces and request ids.
package enum UUIDString {
    package static func random(_ entropy: any EntropySource) -> String {
        let hex = Hex.encode(entropy.bytes(16))
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}
