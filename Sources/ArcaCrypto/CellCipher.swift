internal import Crypto
internal import Foundation

/// AES-256-GCM "cells": the storage barrier's encrypted value format.
///
/// Layout: `[version 0x01][term UInt32 big-endian][nonce 12][ciphertext][tag 16]`. The five
/// header bytes are authenticated together with the caller's associated data (the storage path),
/// so a value moved to another path, relabelled with another term or version, or changed in any
/// bit fails to open: never does garbage come out.
public enum CellCipher {
    /// The format version this type writes and reads.
    public static let version: UInt8 = 0x01
    /// The key length: AES-256.
    public static let keyLength = 32
    /// Version byte plus big-endian term.
    public static let headerLength = 5
    /// The GCM nonce length.
    public static let nonceLength = 12
    /// The GCM tag length.
    public static let tagLength = 16
    /// The length of a cell with an empty plaintext; every cell is at least this long.
    public static let overhead = headerLength + nonceLength + tagLength

    /// Encrypts `plaintext` under `key`, labelled with `term`.
    ///
    /// Each call draws a fresh random 96-bit nonce, so one key should seal well under 2^32 cells
    /// (the keyring rotates long before).
    /// - Parameters:
    ///   - plaintext: The value to protect.
    ///   - key: A 32-byte key; any other length is a programming error and traps.
    ///   - term: The keyring term of `key`, stored in clear so `open` can pick the key.
    ///   - associatedData: Data bound to the cell but not stored in it (the storage path).
    ///   - entropy: The source of the nonce.
    /// - Returns: The cell, ``overhead`` bytes longer than `plaintext`.
    public static func seal(
        plaintext: [UInt8],
        key: SecretBytes,
        term: UInt32,
        associatedData: [UInt8],
        entropy: any EntropySource = SystemEntropy()
    ) -> [UInt8] {
        precondition(key.count == keyLength, "CellCipher needs a 32-byte key")
        let header = makeHeader(term: term)
        let nonceBytes = entropy.bytes(nonceLength)
        let box: AES.GCM.SealedBox
        do {
            let symmetricKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
            let nonce = try AES.GCM.Nonce(data: nonceBytes)
            box = try AES.GCM.seal(plaintext, using: symmetricKey, nonce: nonce, authenticating: header + associatedData)
        } catch {
            // Only reachable with a wrong key or nonce length, both ruled out above.
            preconditionFailure("AES-GCM seal failed: \(error)")
        }
        var cell = header
        cell.reserveCapacity(overhead + plaintext.count)
        cell += nonceBytes
        cell += box.ciphertext
        cell += box.tag
        return cell
    }

    /// Decrypts a cell made by ``seal(plaintext:key:term:associatedData:entropy:)``.
    /// - Parameters:
    ///   - cell: The sealed bytes.
    ///   - associatedData: The same associated data given to `seal`.
    ///   - keyForTerm: Returns the key of a keyring term, or `nil` when the term is unknown.
    /// - Returns: The plaintext.
    /// - Throws: ``CellCipherError/malformed`` when the cell is too short or of another version,
    ///   ``CellCipherError/unknownTerm(_:)`` when `keyForTerm` has no key, and
    ///   ``CellCipherError/authenticationFailed`` when anything was altered, the associated data
    ///   differs or the key is wrong (including a key that is not 32 bytes long).
    public static func open(
        _ cell: [UInt8],
        associatedData: [UInt8],
        keyForTerm: (UInt32) -> SecretBytes?
    ) throws(CellCipherError) -> [UInt8] {
        let term = try term(of: cell)
        guard let key = keyForTerm(term) else { throw .unknownTerm(term) }
        guard key.count == keyLength else { throw .authenticationFailed }

        let nonceStart = headerLength
        let bodyStart = nonceStart + nonceLength
        let tagStart = cell.count - tagLength
        var plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: cell[nonceStart..<bodyStart]),
                ciphertext: cell[bodyStart..<tagStart],
                tag: cell[tagStart...]
            )
            let symmetricKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
            plaintext = try AES.GCM.open(box, using: symmetricKey, authenticating: cell[0..<headerLength] + associatedData)
        } catch {
            throw .authenticationFailed
        }
        // Copy out, then wipe the intermediate buffer so the plaintext lives only in the result.
        let result = [UInt8](plaintext)
        plaintext.withUnsafeMutableBytes { SecureZero.zero($0) }
        return result
    }

    /// The keyring term a cell was sealed under, read without decrypting it.
    /// - Parameter cell: The sealed bytes.
    /// - Returns: The term from the header.
    /// - Throws: ``CellCipherError/malformed`` when the cell is too short or of another version.
    public static func term(of cell: [UInt8]) throws(CellCipherError) -> UInt32 {
        guard cell.count >= overhead, cell[0] == version else { throw .malformed }
        return cell[1..<headerLength].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The version byte followed by the term, big-endian.
    private static func makeHeader(term: UInt32) -> [UInt8] {
        [version] + withUnsafeBytes(of: term.bigEndian) { Array($0) }
    }
}
