import Crypto
import FoundationEssentials

/// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha): HChaCha20 turns the key and the first 16 nonce
/// bytes into a subkey, then IETF ChaCha20-Poly1305 (swift-crypto) runs with that subkey and the
/// nonce `0x00000000 || nonce[16..<24]`. Sealed form: `nonce(24) || ciphertext || tag(16)`.
enum XChaCha20Poly1305 {
    static let nonceSize = 24

    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8], authenticating ad: [UInt8]) throws -> [UInt8] {
        precondition(nonce.count == nonceSize)
        let (subkey, inner) = derive(key: key, nonce: nonce)
        let box = try ChaChaPoly.seal(plaintext, using: subkey, nonce: inner, authenticating: ad)
        return nonce + Array(box.ciphertext) + Array(box.tag)
    }

    /// Opens `nonce || ciphertext || tag`; throws on a wrong key, a changed byte or a short blob.
    static func open(_ blob: [UInt8], key: SymmetricKey, authenticating ad: [UInt8]) throws -> [UInt8] {
        guard blob.count >= nonceSize + 16 else { throw CryptoKitError.incorrectParameterSize }
        let nonce = Array(blob[0..<nonceSize])
        let (subkey, inner) = derive(key: key, nonce: nonce)
        let box = try ChaChaPoly.SealedBox(
            nonce: inner, ciphertext: blob[nonceSize..<(blob.count - 16)], tag: blob[(blob.count - 16)...])
        return Array(try ChaChaPoly.open(box, using: subkey, authenticating: ad))
    }

    private static func derive(key: SymmetricKey, nonce: [UInt8]) -> (SymmetricKey, ChaChaPoly.Nonce) {
        var sub = key.withUnsafeBytes { hChaCha20(key: Array($0), nonce: Array(nonce[0..<16])) }
        defer { for i in sub.indices { sub[i] = 0 } }
        let inner = try! ChaChaPoly.Nonce(data: [0, 0, 0, 0] + nonce[16..<24])
        return (SymmetricKey(data: sub), inner)
    }

    /// HChaCha20: the ChaCha20 block function's 20 rounds over (constants, key, 16-byte nonce),
    /// without the final addition; the output is state words 0–3 and 12–15, little-endian.
    static func hChaCha20(key: [UInt8], nonce: [UInt8]) -> [UInt8] {
        precondition(key.count == 32 && nonce.count == 16)
        func word(_ b: [UInt8], _ i: Int) -> UInt32 {
            UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
        }
        var s: [UInt32] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]
        for i in 0..<8 { s.append(word(key, 4 * i)) }
        for i in 0..<4 { s.append(word(nonce, 4 * i)) }
        func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d] << 16 | s[d] >> 16
            s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b] << 12 | s[b] >> 20
            s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d] << 8 | s[d] >> 24
            s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b] << 7 | s[b] >> 25
        }
        for _ in 0..<10 {
            quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15)
            quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14)
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in s[0..<4] + s[12..<16] {
            out += [UInt8(w & 0xff), UInt8(w >> 8 & 0xff), UInt8(w >> 16 & 0xff), UInt8(w >> 24)]
        }
        for i in s.indices { s[i] = 0 }
        return out
    }
}
