import ArcaCrypto

/// Random identifiers in UUID text form (`8-4-4-4-12` hex), as Vault prints nonces and request ids.
package enum UUIDString {
    package static func random(_ entropy: any EntropySource) -> String {
        let bytes = entropy.bytes(16)
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { out in
            digits.withUTF8Buffer { hex in
                var o = 0
                for (i, byte) in bytes.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[o] = UInt8(ascii: "-")
                        o += 1
                    }
                    out[o] = hex[Int(byte >> 4)]
                    out[o + 1] = hex[Int(byte & 0xF)]
                    o += 2
                }
            }
            return 36
        }
    }
}
