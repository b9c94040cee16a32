import ArcaCrypto
import ArcaStorage
import Logging

/// Rekey of the Shamir unseal keys: the root key is re-wrapped under a new share key, so the
/// keyring and data are untouched.
extension SealManager {
    package func rekeyState() async throws -> RekeyState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        guard let r = rekey else {
            return RekeyState(started: false, nonce: "", newThreshold: 0, newShares: 0, progress: 0,
                              required: cfg.secretThreshold)
        }
        return RekeyState(started: true, nonce: r.nonce, newThreshold: r.newThreshold, newShares: r.newShares,
                          progress: r.collector.progress, required: cfg.secretThreshold)
    }

    package func startRekey(shares: Int, threshold: Int) async throws -> RekeyState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        if barrier.isSealed { throw SealError.sealed }
        guard cfg.isShamir, seal.needsShares else {
            throw SealError.invalidRequest(
                "rekey of unseal keys is not supported with the \(cfg.type) seal: it holds no unseal keys")
        }
        if rekey != nil { throw SealError.rekeyInProgress }
        try SealConfig.validate(shares: shares, threshold: threshold)
        rekey = RekeyAttempt(collector: ShareCollector(threshold: cfg.secretThreshold), newShares: shares,
                             newThreshold: threshold, nonce: UUIDString.random(entropy))
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
        let share = try ShareDecoding.decode(text)
        // Unseal ignores a repeated share; rekey refuses it, as Vault does.
        if attempt.collector.contains(share) { throw SealError.duplicateShare }
        let outcome = attempt.collector.add(share, makeNonce: { attempt.nonce })
        rekey = attempt
        guard case .ready(let shares) = outcome else { return .progress(try await rekeyState()) }
        rekey = nil
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        let oldKey = try rebuildKey(shares)
        defer { oldKey.zeroize() }
        let rootKey = try await unwrapRootKey(config: cfg, operatorKey: oldKey, using: seal)
        defer { rootKey.zeroize() }
        let newShareKey = SecretBytes(entropy.bytes(32))
        defer { newShareKey.zeroize() }
        let split = try newShareKey.withUnsafeBytes { raw in
            try Shamir.split(secret: Array(raw), shares: attempt.newShares, threshold: attempt.newThreshold,
                             entropy: entropy)
        }
        let wrapped = try await seal.wrap(rootKey: rootKey, shareKey: newShareKey)
        let newConfig = SealConfig(type: seal.type, secretShares: attempt.newShares,
                                   secretThreshold: attempt.newThreshold)
        try await writeAtomically([
            .put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped)),
            .put(PhysicalEntry(key: SealConfig.path, value: newConfig.serialized)),
        ])
        config = newConfig
        logger.info("rekey complete", metadata: ["shares": "\(attempt.newShares)", "threshold": "\(attempt.newThreshold)"])
        return .complete(nonce: attempt.nonce, shares: split)
    }
}
