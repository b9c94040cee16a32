import ArcaSDK

/// What follows a token's life: its lease and the secrets it obtained (through the expiration
/// manager) and its cubbyhole, destroyed with it.
struct TokenLifecycleHooks: TokenObserver {
    let expiration: ExpirationManager
    let mounts: MountManager
    let storage: any Storage

    func writes(forNewToken entry: TokenEntry) throws -> [StorageWrite] { try expiration.writes(forNewToken: entry) }

    func tokenStored(_ entry: TokenEntry) async throws { try await expiration.tokenStored(entry) }

    func tokenRenewed(_ entry: TokenEntry) async throws { try await expiration.tokenRenewed(entry) }

    func tokenRevoking(_ entry: TokenEntry) async throws -> [StorageWrite] {
        var writes = try await expiration.tokenRevoking(entry)
        if let prefix = mounts.cubbyholePrefix {
            writes += try await StorageTree.deletes(storage, prefix: prefix + entry.idHash + "/")
        }
        return writes
    }

    func tokenRevoked(_ entry: TokenEntry) { expiration.tokenRevoked(entry) }
}
