import Crypto
@testable import ArcaSecretsTransit
import FoundationEssentials
import Testing

private func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

/// The published vectors of draft-irtf-cfrg-xchacha-03 (§2.2.1 and A.3.1); the AEAD vector was
/// also checked against libsodium (PyNaCl) on this machine.
@Suite struct XChaCha20Tests {
    @Test func hChaCha20MatchesTheDraftVector() {
        let key = Array(UInt8(0)...UInt8(31))
        let nonce = hex("000000090000004a0000000031415927")
        #expect(XChaCha20Poly1305.hChaCha20(key: key, nonce: nonce)
            == hex("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"))
    }

    @Test func aeadMatchesTheDraftVectorAndRefusesChanges() throws {
        let plaintext = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
        let ad = hex("50515253c0c1c2c3c4c5c6c7")
        let key = SymmetricKey(data: Array(UInt8(0x80)...UInt8(0x9f)))
        let nonce = Array(UInt8(0x40)...UInt8(0x57))
        let sealed = try XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, authenticating: ad)
        let expected = hex(
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e"
                + "c0875924c1c7987947deafd8780acf49")
        #expect(sealed == nonce + expected)
        #expect(try XChaCha20Poly1305.open(sealed, key: key, authenticating: ad) == plaintext)
        var flipped = sealed
        flipped[30] ^= 1
        #expect(throws: (any Error).self) { try XChaCha20Poly1305.open(flipped, key: key, authenticating: ad) }
        #expect(throws: (any Error).self) { try XChaCha20Poly1305.open(sealed, key: key, authenticating: []) }
        #expect(throws: (any Error).self) { try XChaCha20Poly1305.open(Array(sealed.prefix(30)), key: key, authenticating: ad) }
    }
}
