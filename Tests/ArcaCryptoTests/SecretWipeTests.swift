import ArcaCrypto
import Testing

/// Key material handled as `SecretBytes` end to end, and wiping that reaches shared buffers
/// (issue 36, item 13).
@Suite struct SecretWipeTests {
    @Test("split and combine through SecretBytes give the same shares and secret as the array forms")
    func secretBytesForms() throws {
        let raw = SeededEntropy(seed: 9).bytes(32)
        let secret = SecretBytes(raw)
        let viaSecret = try Shamir.split(secret, shares: 5, threshold: 3, entropy: SeededEntropy(seed: 4))
        let viaArray = try Shamir.split(secret: raw, shares: 5, threshold: 3, entropy: SeededEntropy(seed: 4))
        #expect(viaSecret == viaArray)
        let rebuilt = try Shamir.combineSecret(Array(viaSecret.suffix(3)))
        #expect(ConstantTime.equals(rebuilt, secret))
        #expect(throws: ShamirError.self) { try Shamir.combineSecret([]) }
    }

    @Test("zeroShared wipes the buffer every copy shares; zero(&) wipes only a private copy")
    func sharedWipe() {
        var a: [UInt8] = [1, 2, 3, 4]
        let b = a
        SecureZero.zero(&a)
        #expect(a == [0, 0, 0, 0] && b == [1, 2, 3, 4], "copy-on-write: the shared buffer survives")
        let c = b
        SecureZero.zeroShared(b)
        #expect(b == [0, 0, 0, 0] && c == [0, 0, 0, 0])
    }
}
