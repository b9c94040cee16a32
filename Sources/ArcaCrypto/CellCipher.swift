import Crypto

/// AES-256-GCM "cells": the barrier's value format.
///
/// Layout: `[version 0x01][term UInt32 big-endian][nonce 12][ciphertext][tag 16]`. The version
/// and term are authenticated together with the caller's associated data (the storage path),
/// so a value moved to another path, or any flipped bit, fails to open.
public enum CellCipher {
    public static let version: UInt8 = 1
    static let headerLength = 5
    static let nonceLength = 12
    static let tagLength = 16

    /// Encrypts `plaintext` with `key` (32 bytes) under `term`.
    public static func seal(
        plaintext: [UInt8], key: SecretBytes, term: UInt32, associatedData: [UInt8], entropy: any EntropySource
    ) -> [UInt8] {
        let header = [version] + withUnsafeBytes(of: term.bigEndian) { Array($0) }
        let nonceBytes = entropy.bytes(nonceLength)
        let symmetric = key.withUnsafeBytes { SymmetricKey(data: $0) }
        // The nonce is 12 bytes from the entropy source, so construction cannot fail.
        let nonce = try! AES.GCM.Nonce(data: nonceBytes)
        let box = try! AES.GCM.seal(plaintext, using: symmetric, nonce: nonce, authenticating: header + associatedData)
        return header + nonceBytes + Array(box.ciphertext) + Array(box.tag)
    }

    /// The term a cell was sealed under.
    public static func term(of blob: [UInt8]) throws(CellCipherError) -> UInt32 {
        guard blob.count >= headerLength + nonceLength + tagLength else { throw .malformed }
        guard blob[0] == version else { throw .malformed }
        return UInt32(blob[1]) << 24 | UInt32(blob[2]) << 16 | UInt32(blob[3]) << 8 | UInt32(blob[4])
    }

    /// Decrypts a cell. `keyForTerm` returns the key of a term, or `nil` when unknown.
    public static func open(
        _ blob: [UInt8], associatedData: [UInt8], keyForTerm: (UInt32) -> SecretBytes?
    ) throws(CellCipherError) -> [UInt8] {
        let t = try term(of: blob)
        guard let key = keyForTerm(t) else { throw .unknownTerm(t) }
        let header = Array(blob[0..<headerLength])
        let nonceBytes = blob[headerLength..<(headerLength + nonceLength)]
        let body = blob[(headerLength + nonceLength)...]
        let ciphertext = body.dropLast(tagLength)
        let tag = body.suffix(tagLength)
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonceBytes), ciphertext: ciphertext, tag: tag)
            let symmetric = key.withUnsafeBytes { SymmetricKey(data: $0) }
            return Array(try AES.GCM.open(box, using: symmetric, authenticating: header + associatedData))
        } catch {
            throw .authenticationFailed
        }
    }
}

/// Why a cell could not be opened. Never carries plaintext.
public enum CellCipherError: Error, Sendable, Equatable {
    case malformed
    case unknownTerm(UInt32)
    case authenticationFailed
}
