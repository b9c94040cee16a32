import ArcaCrypto
import ArcaStorage
import Logging

/// Rekey (OpenBao: root key rotation): a new root key replaces the old one, and the keyring is
/// re-encrypted under it, so an old copy of the wrapped root key opened with old shares no longer
/// opens the store. The keyring's terms stay, so the data is untouched.
///
/// With Shamir the operators' current unseal keys authorise it and new unseal keys wrap the new
/// root key. With an auto-unseal seal the recovery keys authorise it, the seal wraps the new root
/// key, and no shares are handed out (OpenBao reports 1 share, threshold 1, and empty `keys`).
extension SealManager {
    package func rekeyState() async throws -> RekeyState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        guard let r = rekey else {
            return RekeyState(started: false, nonce: "", newThreshold: 0, newShares: 0, progress: 0,
                              required: cfg.operatorThreshold)
        }
        return RekeyState(started: true, nonce: r.nonce, newThreshold: r.newThreshold, newShares: r.newShares,
                          progress: r.collector.progress, required: cfg.operatorThreshold)
    }

    package func startRekey(shares: Int, threshold: Int) async throws -> RekeyState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        if barrier.isSealed { throw SealError.sealed }
        if cfg.type != seal.type {
            throw SealError.invalidRequest(
                "the root key cannot be rotated while a seal migration from \(cfg.type) to \(seal.type) is pending")
        }
        if rekey != nil { throw SealError.rekeyInProgress }
        let newShares: Int
        let newThreshold: Int
        if cfg.isShamir {
            try SealConfig.validate(shares: shares, threshold: threshold)
            (newShares, newThreshold) = (shares, threshold)
        } else {
            guard cfg.operatorThreshold > 0 else {
                throw SealError.invalidRequest(
                    "this server was initialized without recovery keys, so nothing can authorize a rotation of its root key")
            }
            // The seal wraps the root key: there is one "share", held by the seal.
            (newShares, newThreshold) = (1, 1)
        }
        rekey = RekeyAttempt(collector: ShareCollector(threshold: cfg.operatorThreshold), newShares: newShares,
                             newThreshold: newThreshold, nonce: UUIDString.random(entropy))
        return try await rekeyState()
    }

    package func cancelRekey() {
        rekey?.collector.reset()
        rekey = nil
    }

    package func updateRekey(key text: String, nonce: String) async throws -> RekeyUpdateOutcome {
        if barrier.isSealed { throw SealError.sealed }
        guard var attempt = rekey else { throw SealError.noRekeyInProgress }
        guard constantTimeEquals(nonce, attempt.nonce) else { throw SealError.nonceMismatch }
        var share = try ShareDecoding.decode(text)
        defer { SecureZero.zero(&share) }
        // Unseal ignores a repeated share; rekey refuses it, as Vault does.
        if attempt.collector.contains(share) { throw SealError.duplicateShare }
        let outcome = attempt.collector.add(share, makeNonce: { attempt.nonce })
        rekey = attempt
        guard case .ready(let shares) = outcome else { return .progress(try await rekeyState()) }
        rekey = nil
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        let oldKey = try rebuildKey(shares)
        defer { oldKey.zeroize() }
        // Proves the operators hold the current keys (the old root key itself is not needed).
        try await unwrapRootKey(config: cfg, operatorKey: oldKey, using: seal).zeroize()

        let newRoot = SecretBytes(randomCount: 32, entropy: entropy)
        defer { newRoot.zeroize() }
        let split: [[UInt8]]
        let wrapped: [UInt8]
        let newConfig: SealConfig
        if cfg.isShamir {
            let newShareKey = SecretBytes(randomCount: 32, entropy: entropy)
            defer { newShareKey.zeroize() }
            split = try Shamir.split(newShareKey, shares: attempt.newShares, threshold: attempt.newThreshold, entropy: entropy)
            wrapped = try await wrapChecked(newRoot, with: seal, shareKey: newShareKey)
            newConfig = SealConfig(type: seal.type, secretShares: attempt.newShares, secretThreshold: attempt.newThreshold)
        } else {
            split = []
            wrapped = try await wrapChecked(newRoot, with: seal, shareKey: nil)
            newConfig = cfg
        }
        // The keyring under the new root key, the new wrapping and the config land together.
        try await barrier.changeRootKey(to: newRoot, alongside: [
            .put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped)),
            .put(PhysicalEntry(key: SealConfig.path, value: newConfig.serialized)),
        ])
        config = newConfig
        logger.info("root key rotated", metadata: ["shares": "\(attempt.newShares)", "threshold": "\(attempt.newThreshold)"])
        return .complete(nonce: attempt.nonce, shares: split)
    }
}
