/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), the
/// field of Shamir shares in Vault and OpenBao.
///
/// Elements are bytes; addition is XOR. Multiplication and inversion use no table lookups and no
/// branches on their operands (conditional steps are masks), so their timing does not depend on
/// the secret bytes they handle.
package enum GF256 {
    /// `a + b` (and `a - b`: the field has characteristic 2).
    @inline(__always)
    package static func add(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a ^ b
    }

    /// `a × b`, by shift-and-add ("Russian peasant") multiplication with reduction by 0x11B.
    package static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a
        var b = b
        var product: UInt8 = 0
        for _ in 0..<8 {
            // All ones when the low bit of b is set, all zeros otherwise.
            product ^= a & (0 &- (b & 1))
            // Multiply a by x; when its top bit falls off, reduce by the low byte of 0x11B.
            let overflow = 0 &- (a >> 7)
            a = (a << 1) ^ (0x1B & overflow)
            b >>= 1
        }
        return product
    }

    /// The multiplicative inverse, computed as `a^254` (since `a^255 = 1` for `a ≠ 0`).
    ///
    /// Zero has no inverse; this returns 0 for it, which callers must rule out beforehand.
    package static func inverse(_ a: UInt8) -> UInt8 {
        // 254 = 0b1111_1110: square-and-multiply with a fixed number of steps.
        var result: UInt8 = 1
        var power = a
        var exponent: UInt8 = 254
        for _ in 0..<8 {
            let mask = 0 &- (exponent & 1)
            let product = multiply(result, power)
            result = (product & mask) | (result & ~mask)
            power = multiply(power, power)
            exponent >>= 1
        }
        return result
    }

    /// `a / b`. `b` must be non-zero.
    package static func divide(_ a: UInt8, _ b: UInt8) -> UInt8 {
        multiply(a, inverse(b))
    }
}
