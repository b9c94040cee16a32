/// Why a cell could not be opened. Carries no plaintext or key material.
public enum CellCipherError: Error, Sendable, Hashable {
    /// Too short to be a cell, or not of a version this build reads.
    case malformed
    /// No key is known for the cell's keyring term.
    case unknownTerm(UInt32)
    /// The cell, its associated data or the key does not match: tampering, a moved value or a
    /// wrong key. Deliberately one case, so callers cannot tell which.
    case authenticationFailed
}
