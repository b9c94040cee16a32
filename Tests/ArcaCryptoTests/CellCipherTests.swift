import ArcaCrypto
import Testing

@Suite("CellCipher")
struct CellCipherTests {
    let key = SecretBytes(SeededEntropy(seed: 9).bytes(32))
    let path = Array("logical/abc/foo".utf8)

    func seal(_ plaintext: [UInt8], term: UInt32 = 3) -> [UInt8] {
        CellCipher.seal(plaintext: plaintext, key: key, term: term, associatedData: path, entropy: SeededEntropy(seed: 10))
    }

    func open(_ cell: [UInt8], associatedData: [UInt8]? = nil) throws(CellCipherError) -> [UInt8] {
        try CellCipher.open(cell, associatedData: associatedData ?? path) { $0 == 3 ? key : nil }
    }

    @Test("round trip and layout", arguments: [0, 1, 16, 17, 1000])
    func roundTrip(length: Int) throws {
        let plaintext = SeededEntropy(seed: UInt64(length)).bytes(length)
        let cell = seal(plaintext, term: 0x0102_0304)
        #expect(cell.count == CellCipher.overhead + length)
        #expect(Array(cell.prefix(5)) == [0x01, 0x01, 0x02, 0x03, 0x04])
        #expect(Array(cell[5..<17]) == SeededEntropy(seed: 10).bytes(12))  // the nonce, in clear
        #expect(try CellCipher.term(of: cell) == 0x0102_0304)
        let opened = try CellCipher.open(cell, associatedData: path) { $0 == 0x0102_0304 ? key : nil }
        #expect(opened == plaintext)
    }

    @Test("fresh nonces: the same plaintext seals differently")
    func freshNonces() throws {
        let a = CellCipher.seal(plaintext: [1, 2, 3], key: key, term: 3, associatedData: path)
        let b = CellCipher.seal(plaintext: [1, 2, 3], key: key, term: 3, associatedData: path)
        #expect(a != b)
        #expect(try open(a) == [1, 2, 3] && open(b) == [1, 2, 3])
    }

    @Test("every single-bit flip is rejected")
    func bitFlips() {
        let cell = seal([0xDE, 0xAD, 0xBE])
        var accepted: [Int] = []
        var wrongKind: [Int] = []
        for bit in 0..<(cell.count * 8) {
            var flipped = cell
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            // A keyring that knows every term, so flips in the term reach authentication.
            do {
                _ = try CellCipher.open(flipped, associatedData: path) { _ in key }
                accepted.append(bit)
            } catch {
                let expected: CellCipherError = bit < 8 ? .malformed : .authenticationFailed
                if error != expected { wrongKind.append(bit) }
            }
            // The real keyring: term flips become unknown terms.
            #expect(throws: CellCipherError.self) { try open(flipped) }
        }
        #expect(accepted.isEmpty)
        #expect(wrongKind.isEmpty)
    }

    @Test("wrong associated data fails", arguments: ["logical/abc/fo", "logical/abc/foo2", "", "logical/abd/foo"])
    func wrongAssociatedData(other: String) {
        #expect(throws: CellCipherError.authenticationFailed) { try open(seal([1]), associatedData: Array(other.utf8)) }
    }

    @Test("truncated cells are malformed", arguments: [0, 1, 4, 5, 17, 32])
    func truncated(length: Int) {
        let cell = seal([])
        #expect(cell.count == 33)
        #expect(throws: CellCipherError.malformed) { try open(Array(cell.prefix(length))) }
        #expect(throws: CellCipherError.malformed) { try CellCipher.term(of: Array(cell.prefix(length))) }
    }

    @Test("a cut-off tag fails authentication")
    func shortened() {
        let cell = seal([1, 2, 3, 4])
        #expect(throws: CellCipherError.authenticationFailed) { try open(Array(cell.dropLast())) }
        #expect(throws: CellCipherError.authenticationFailed) { try open(cell + [0]) }
    }

    @Test("an unknown version is malformed")
    func unknownVersion() {
        var cell = seal([1])
        cell[0] = 0x02
        #expect(throws: CellCipherError.malformed) { try open(cell) }
    }

    @Test("an unknown term is reported")
    func unknownTerm() {
        #expect(throws: CellCipherError.unknownTerm(7)) { try open(seal([1], term: 7)) }
    }

    @Test("a wrong key or a key of the wrong length fails authentication", arguments: [16, 31, 32, 33])
    func wrongKey(length: Int) {
        let other = SecretBytes(SeededEntropy(seed: 11).bytes(length))
        #expect(throws: CellCipherError.authenticationFailed) {
            try CellCipher.open(seal([1]), associatedData: path) { _ in other }
        }
    }
}
