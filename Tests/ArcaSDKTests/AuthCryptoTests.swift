import ArcaSDK
import Testing

@Suite struct AuthCryptoTests {
    static func hex(_ bytes: [UInt8]) -> String { AuthCrypto.Hex.encode(bytes) }

    @Test("SHA-256: the FIPS 180-2 examples", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func sha256(_ message: String, _ digest: String) {
        #expect(Self.hex(AuthCrypto.SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test("SHA-256 of a million 'a's, across many blocks")
    func sha256Long() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Self.hex(AuthCrypto.SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("SHA-256 at the padding boundaries, from any collection", arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ])
    func sha256Boundaries(_ length: Int, _ digest: String) {
        let message = (0..<length).map { UInt8($0 % 251) }
        #expect(Self.hex(AuthCrypto.SHA256.hash(message)) == digest)
        #expect(Self.hex(AuthCrypto.SHA256.hash((0..<length).lazy.map { UInt8($0 % 251) })) == digest, "not contiguous")
        #expect(Self.hex(AuthCrypto.SHA256.hash(message[...])) == digest, "a slice")
    }

    @Test("HMAC-SHA256 with a key of exactly one block and of one byte more")
    func hmacBlockKeys() {
        let message = (0..<100).map { UInt8($0 % 251) }
        #expect(Self.hex(AuthCrypto.HMACSHA256.authenticate(message, key: (1...64).map { UInt8($0) }))
            == "e435a8e8c51062353fc17cb2ca1caf3c852c736c80c92948f22ecc8e4a364b03")
        #expect(Self.hex(AuthCrypto.HMACSHA256.authenticate([UInt8](), key: (1...65).map { UInt8($0) }))
            == "ebd84bceb8262de51405765765f6bc9d4dbe4cf6c6b940160b902b42c89bb118")
    }

    @Test("HMAC-SHA256: RFC 4231 test cases 1, 2, 3 and 6")
    func hmac() {
        func code(_ key: [UInt8], _ message: [UInt8]) -> String { Self.hex(AuthCrypto.HMACSHA256.authenticate(message, key: key)) }
        #expect(code([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(AuthCrypto.HMACSHA256.hex("what do ya want for nothing?", key: Array("Jefe".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(code([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50))
            == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
        #expect(code([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("a prepared key gives the one-shot code for every key and message length, until it is zeroized")
    func preparedKey() {
        for keyLength in [0, 1, 20, 32, 63, 64, 65, 131] {
            let keyBytes = (0..<keyLength).map { UInt8(($0 * 7 + keyLength) % 256) }
            let key = AuthCrypto.HMACSHA256.Key(keyBytes)
            for messageLength in [0, 1, 43, 55, 56, 63, 64, 65, 119, 200] {
                let message = (0..<messageLength).map { UInt8(($0 * 13 + 5) % 256) }
                let expected = AuthCrypto.HMACSHA256.authenticate(message, key: keyBytes)
                #expect(key.authenticate(message) == expected, "key \(keyLength), message \(messageLength)")
                #expect(key.hex(message[...]) == Self.hex(expected), "a slice")
            }
        }
        // RFC 4231 test case 2 through a prepared key and a string's UTF-8 view.
        let jefe = AuthCrypto.HMACSHA256.Key(Array("Jefe".utf8))
        let code = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(jefe.hex("what do ya want for nothing?".utf8) == code)
        jefe.zeroize()
        #expect(jefe.hex("what do ya want for nothing?".utf8) != code)
    }

    @Test("constant-time equality, hex both ways, random ids")
    func helpers() {
        #expect(AuthCrypto.ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!AuthCrypto.ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!AuthCrypto.ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(AuthCrypto.Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(AuthCrypto.Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(AuthCrypto.Hex.decode("0g") == nil && AuthCrypto.Hex.decode("abc") == nil)
        let ids = (0..<50).map { _ in AuthCrypto.SecureRandom.uuid() }
        #expect(Set(ids).count == 50)
        #expect(ids.allSatisfy { $0.count == 36 && $0.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12] })
        #expect(AuthCrypto.SecureRandom.bytes(16).count == 16)
    }
}
