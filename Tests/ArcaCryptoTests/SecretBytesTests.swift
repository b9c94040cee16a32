import ArcaCrypto
import Testing

@Suite("SecretBytes")
struct SecretBytesTests {
    @Test("holds a copy of its bytes")
    func contents() {
        var source: [UInt8] = [1, 2, 3, 4]
        let secret = SecretBytes(source)
        source[0] = 9
        #expect(secret.count == 4)
        #expect(secret.withUnsafeBytes { Array($0) } == [1, 2, 3, 4])
        #expect(!secret.isZeroed)
    }

    @Test("zeroize overwrites the bytes and is idempotent")
    func zeroize() {
        let secret = SecretBytes([0xFF, 0x01, 0x80])
        secret.zeroize()
        #expect(secret.isZeroed)
        #expect(secret.withUnsafeBytes { Array($0) } == [0, 0, 0])
        #expect(secret.count == 3)
        secret.zeroize()
        #expect(secret.isZeroed)
    }

    @Test("copies are independent")
    func copies() {
        let original = SecretBytes([5, 6])
        let copy = original.copy()
        original.zeroize()
        #expect(copy.withUnsafeBytes { Array($0) } == [5, 6])
    }

    @Test("random secrets have the requested length and differ")
    func random() {
        let a = SecretBytes(randomCount: 32)
        let b = SecretBytes(randomCount: 32)
        #expect(a.count == 32 && !ConstantTime.equals(a, b))
        let seeded = SecretBytes(randomCount: 8, entropy: SeededEntropy(seed: 0))
        #expect(seeded.withUnsafeBytes { Array($0) } == SeededEntropy(seed: 0).bytes(8))
        #expect(SecretBytes(randomCount: 0).count == 0)
    }

    @Test("never prints its contents")
    func redacted() {
        let secret = SecretBytes(Array("hunter2".utf8))
        #expect(secret.description == "<redacted 7 bytes>")
        #expect(secret.debugDescription == "<redacted 7 bytes>")
        #expect("\(secret)" == "<redacted 7 bytes>")
        #expect(String(reflecting: secret) == "<redacted 7 bytes>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("104") && !dumped.contains("hunter"))
    }

    @Test("throws through withUnsafeBytes")
    func throwing() {
        struct Marker: Error {}
        let secret = SecretBytes([1])
        #expect(throws: Marker.self) { try secret.withUnsafeBytes { _ in throw Marker() } }
        #expect(secret.count == 1)  // the lock was released
    }
}

@Suite("SecureZero")
struct SecureZeroTests {
    @Test("zeroes arrays in place", arguments: [0, 1, 33])
    func array(length: Int) {
        var bytes = [UInt8](repeating: 0xAB, count: length)
        SecureZero.zero(&bytes)
        #expect(bytes == [UInt8](repeating: 0, count: length))
    }
}
