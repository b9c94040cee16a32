/// Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), written without
/// secret-dependent branches or table lookups.
enum GF256 {
    static func add(_ a: UInt8, _ b: UInt8) -> UInt8 { a ^ b }

    /// Russian-peasant multiplication; the conditional steps are masks, not branches.
    static func mul(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a
        var b = b
        var product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))
            let carry = 0 &- (a >> 7)
            a = (a << 1) ^ (0x1B & carry)
            b >>= 1
        }
        return product
    }

    /// The multiplicative inverse, a^254 (and 0 for 0).
    static func inverse(_ a: UInt8) -> UInt8 {
        var result: UInt8 = 1
        var base = a
        var e: UInt8 = 254
        for _ in 0..<8 {
            let factor = mul(result, base)
            let mask = 0 &- (e & 1)
            result = (factor & mask) | (result & ~mask)
            base = mul(base, base)
            e >>= 1
        }
        return result
    }

    static func div(_ a: UInt8, _ b: UInt8) -> UInt8 { mul(a, inverse(b)) }
}
