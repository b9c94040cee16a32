import ArcaSDK

/// Told by the token store about each token's life, so that what hangs off a token (its lease,
/// the secrets it obtained, its cubbyhole) follows it.
package protocol TokenObserver: Sendable {
    /// What must be written with a new token, in the same commit as its entry (its lease).
    func writes(forNewToken entry: TokenEntry) throws -> [StorageWrite]
    /// A token was stored (created), together with the writes `writes(forNewToken:)` gave.
    func tokenStored(_ entry: TokenEntry) async throws
    /// A token's expiry moved (renewal).
    func tokenRenewed(_ entry: TokenEntry) async throws
    /// A token is being revoked (children first): revokes what it obtained and returns the
    /// deletes to commit together with the token's own (its lease, its index entries, its cubbyhole).
    func tokenRevoking(_ entry: TokenEntry) async throws -> [StorageWrite]
    /// The revocation of `entry` was committed.
    func tokenRevoked(_ entry: TokenEntry)
}
