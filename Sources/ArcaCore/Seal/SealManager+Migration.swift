import ArcaCrypto
import ArcaStorage
import Logging

/// Seal migration, as Vault documents it: the configured seal differs from the one the stored
/// root key is wrapped with (the old one is given as a `disabled = "true"` stanza, or is Shamir).
/// Operators unseal with `migrate=true` and the keys they already hold; the root key is then
/// re-wrapped by the new seal. The root key and the keyring do not change, so every entry stays
/// readable. The operators' key survives the move: Shamir unseal keys become recovery keys, and
/// recovery keys become unseal keys when moving back to Shamir.
extension SealManager {
    /// The seal that opens the stored root key when it is not the configured seal; nil when no
    /// migration is pending.
    func migrationSource(for cfg: SealConfig) throws -> (any Seal)? {
        if cfg.type == seal.type { return nil }
        if cfg.isShamir { return ShamirSeal(entropy: entropy) }
        if let previousSeal, previousSeal.type == cfg.type { return previousSeal }
        throw SealError.invalidRequest(
            "the root key is protected by a \(cfg.type) seal, which is not configured; add its seal \"\(cfg.type)\" stanza with disabled = \"true\" to migrate from it")
    }

    /// Re-wraps the root key, opened by `source` with the operators' key, under the configured
    /// seal, writes the new wrapping and config in one step, and unseals.
    func migrateSeal(from source: any Seal, config cfg: SealConfig, operatorKey: SecretBytes) async throws {
        let rootKey = try await unwrapRootKey(config: cfg, operatorKey: operatorKey, using: source)
        defer { rootKey.zeroize() }
        logger.info("seal migration started", metadata: ["from": "\(cfg.type)", "to": "\(seal.type)"])
        let newConfig: SealConfig
        var ops: [PhysicalOperation]
        if seal.needsShares {
            let wrapped = try await wrapChecked(rootKey, with: seal, shareKey: operatorKey)
            newConfig = SealConfig(type: seal.type, secretShares: cfg.operatorShares, secretThreshold: cfg.operatorThreshold)
            ops = [.put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped)), .delete(RecoveryKeyCheck.path)]
        } else {
            let wrapped = try await wrapChecked(rootKey, with: seal, shareKey: nil)
            newConfig = SealConfig(
                type: seal.type, secretShares: 1, secretThreshold: 1, recoveryShares: cfg.operatorShares,
                recoveryThreshold: cfg.operatorThreshold)
            ops = [
                .put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped)),
                .put(PhysicalEntry(key: RecoveryKeyCheck.path, value: RecoveryKeyCheck.make(for: operatorKey, entropy: entropy))),
            ]
        }
        ops.append(.put(PhysicalEntry(key: SealConfig.path, value: newConfig.serialized)))
        try await writeAtomically(ops)
        config = newConfig
        autoUnsealError = nil
        logger.info("seal migration complete", metadata: ["from": "\(cfg.type)", "to": "\(seal.type)"])
        try await openBarrier(rootKey)
    }
}
