import ArcaCrypto
import Testing

@Suite struct CellCipherTests {
    let key = SecretBytes(SeededEntropy(seed: 9).bytes(32))
    let entropy = SeededEntropy(seed: 10)

    func seal(_ text: String, aad: String = "path/a", term: UInt32 = 3) -> [UInt8] {
        CellCipher.seal(plaintext: Array(text.utf8), key: key, term: term, associatedData: Array(aad.utf8), entropy: entropy)
    }

    @Test("round trip and layout")
    func roundTrip() throws {
        let blob = seal("secret value")
        #expect(blob[0] == 1)
        #expect(try CellCipher.term(of: blob) == 3)
        #expect(blob.count == 1 + 4 + 12 + "secret value".utf8.count + 16)
        let plain = try CellCipher.open(blob, associatedData: Array("path/a".utf8)) { $0 == 3 ? key : nil }
        #expect(plain == Array("secret value".utf8))
    }

    @Test("every single-bit flip is rejected")
    func bitFlips() {
        let blob = seal("x")
        for bit in 0..<(blob.count * 8) {
            var b = blob
            b[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: CellCipherError.self) {
                try CellCipher.open(b, associatedData: Array("path/a".utf8)) { _ in key }
            }
        }
    }

    @Test("wrong associated data, unknown term, truncation")
    func failures() {
        let blob = seal("x")
        #expect(throws: CellCipherError.authenticationFailed) {
            try CellCipher.open(blob, associatedData: Array("path/b".utf8)) { _ in key }
        }
        #expect(throws: CellCipherError.unknownTerm(3)) {
            try CellCipher.open(blob, associatedData: Array("path/a".utf8)) { _ in nil }
        }
        for length in [0, 1, 5, 20, 32] {
            #expect(throws: CellCipherError.malformed) {
                try CellCipher.open(Array(blob.prefix(length)), associatedData: []) { _ in key }
            }
        }
    }

    @Test("a wrong key fails authentication")
    func wrongKey() {
        let other = SecretBytes(SeededEntropy(seed: 11).bytes(32))
        #expect(throws: CellCipherError.authenticationFailed) {
            try CellCipher.open(seal("x"), associatedData: Array("path/a".utf8)) { _ in other }
        }
    }
}

@Suite struct PrimitiveTests {
    func hex(_ b: [UInt8]) -> String { b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
    func bytes(_ hex: String) -> [UInt8] {
        let c = Array(hex.utf8)
        return stride(from: 0, to: c.count, by: 2).map { UInt8(String(decoding: c[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test("HMAC-SHA256, RFC 4231 test case 2")
    func hmac() {
        let mac = HMACSHA256.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("HKDF-SHA256, RFC 5869 test case 1")
    func hkdf() {
        let okm = HKDFSHA256.derive(
            key: SecretBytes(bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")), salt: bytes("000102030405060708090a0b0c"),
            info: bytes("f0f1f2f3f4f5f6f7f8f9"), length: 42)
        #expect(okm.withUnsafeBytes { hex(Array($0)) }
            == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test("constant-time equality")
    func constantTime() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(ConstantTime.equals("token", "token") && !ConstantTime.equals("token", "tokem"))
    }

    @Test("SecretBytes zeroize and redacted description")
    func secretBytes() {
        let s = SecretBytes([1, 2, 3, 4])
        #expect(s.description == "<redacted 4 bytes>")
        #expect("\(s)".contains("redacted"))
        let copy = s.copy()
        s.zeroize()
        #expect(s.isZeroed)
        #expect(!copy.isZeroed)
    }

    @Test("system entropy gives distinct values")
    func entropy() {
        let e = SystemEntropy()
        #expect(e.bytes(32) != e.bytes(32))
        #expect(e.bytes(0).isEmpty && e.bytes(13).count == 13)
    }
}
