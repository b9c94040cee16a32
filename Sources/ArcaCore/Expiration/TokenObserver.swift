/// Told by the token store about each token's life, so that what hangs off a token (its lease,
/// the secrets it obtained, its cubbyhole) follows it.
package protocol TokenObserver: Sendable {
    /// A token was stored (created).
    func tokenStored(_ entry: TokenEntry) async throws
    /// A token's expiry moved (renewal).
    func tokenRenewed(_ entry: TokenEntry) async throws
    /// A token is being revoked; called before its entry is deleted, children first.
    func tokenRevoking(_ entry: TokenEntry) async throws
}
