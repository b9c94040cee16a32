import ArcaCrypto
import Testing

@Suite("HMAC, SHA-256 and HKDF")
struct DigestTests {
    struct HMACVector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    static let hmacVectors = [
        HMACVector(
            name: "RFC 4231 case 1",
            key: [UInt8](repeating: 0x0B, count: 20),
            data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        HMACVector(
            name: "RFC 4231 case 2",
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
    ]

    @Test("HMAC-SHA256 known answers", arguments: hmacVectors)
    func hmac(vector: HMACVector) {
        #expect(TestBytes.hex(HMACSHA256.hmac(key: vector.key, message: vector.data)) == vector.mac)
        let key = SecretBytes(vector.key)
        #expect(TestBytes.hex(HMACSHA256.hmac(key: key, message: vector.data)) == vector.mac)
        #expect(HMACSHA256.hex(key: key, message: vector.data) == vector.mac)
        #expect(HMACSHA256.isValid(TestBytes.fromHex(vector.mac), key: key, message: vector.data))
        #expect(!HMACSHA256.isValid(TestBytes.fromHex(vector.mac), key: key, message: vector.data + [0]))
    }

    @Test("SHA-256 known answers (FIPS 180-4 examples)")
    func sha256() {
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TestBytes.hex(SHA256Digest.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("HKDF-SHA256, RFC 5869 test case 1")
    func hkdfCase1() {
        let okm = HKDFSHA256.derive(
            key: SecretBytes(TestBytes.fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")),
            salt: TestBytes.fromHex("000102030405060708090a0b0c"),
            info: TestBytes.fromHex("f0f1f2f3f4f5f6f7f8f9"),
            length: 42
        )
        #expect(okm.count == 42)
        #expect(
            okm.withUnsafeBytes { TestBytes.hex(Array($0)) }
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        )
    }

    @Test("HKDF-SHA256, RFC 5869 test case 3 (no salt, no info)")
    func hkdfCase3() {
        let okm = HKDFSHA256.derive(key: SecretBytes([UInt8](repeating: 0x0B, count: 22)), info: [], length: 42)
        #expect(
            okm.withUnsafeBytes { TestBytes.hex(Array($0)) }
                == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        )
    }
}
