import ArcaCrypto
import ArcaStorage
import Logging

/// Drives initialization, unseal progress, seal and rekey. One actor so that concurrent
/// operators' shares are counted exactly once, in order.
package actor SealManager {
    private let physical: any PhysicalBackend
    private let barrier: Barrier
    private let seal: any Seal
    private let entropy: any EntropySource
    private let lifecycle: SealLifecycle
    private let logger: Logger
    private var config: SealConfig?
    private var unsealShares: ShareCollector?
    private var rekey: RekeyAttempt?

    private struct RekeyAttempt {
        var collector: ShareCollector
        var newShares: Int
        var newThreshold: Int
        var nonce: String
    }

    package init(
        physical: any PhysicalBackend, barrier: Barrier, seal: any Seal, entropy: any EntropySource,
        lifecycle: SealLifecycle, logger: Logger
    ) {
        self.physical = physical
        self.barrier = barrier
        self.seal = seal
        self.entropy = entropy
        self.lifecycle = lifecycle
        self.logger = logger
    }

    /// The stored seal configuration, read once and cached (it changes only through this actor).
    private func loadConfig() async throws -> SealConfig? {
        if let config { return config }
        guard let entry = try await physical.get(SealConfig.path) else { return nil }
        let loaded = try SealConfig(serialized: entry.value)
        config = loaded
        return loaded
    }

    package func isInitialized() async throws -> Bool { try await loadConfig() != nil }

    package func state() async throws -> SealState {
        let cfg = try await loadConfig()
        let collector = unsealShares
        return SealState(
            type: cfg?.type ?? seal.type, initialized: cfg != nil, sealed: barrier.isSealed,
            threshold: cfg?.secretThreshold ?? 0, shares: cfg?.secretShares ?? 0,
            progress: collector?.progress ?? 0, nonce: collector?.nonce ?? "")
    }

    // MARK: Initialization

    /// Creates the root key, keyring and shares. Leaves the server sealed unless `unsealAfter`.
    package func initialize(shares: Int, threshold: Int, rootTokenID: String? = nil, unsealAfter: Bool = false)
        async throws -> InitResult
    {
        if try await loadConfig() != nil { throw SealError.alreadyInitialized }
        try SealConfig.validate(shares: shares, threshold: threshold)
        let rootKey = SecretBytes(entropy.bytes(32))
        let shareKey = SecretBytes(entropy.bytes(32))
        defer {
            rootKey.zeroize()
            shareKey.zeroize()
        }
        let split = try shareKey.withUnsafeBytes { raw in
            try Shamir.split(secret: Array(raw), shares: shares, threshold: threshold, entropy: entropy)
        }
        let wrapped = try await seal.wrap(rootKey: rootKey, shareKey: shareKey)
        try await barrier.initialize(rootKey: rootKey)
        try await physical.put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped))
        let newConfig = SealConfig(type: seal.type, secretShares: shares, secretThreshold: threshold)
        // Written last: its presence is what marks the server initialized.
        try await physical.put(PhysicalEntry(key: SealConfig.path, value: newConfig.serialized))
        config = newConfig
        logger.info("security barrier initialized", metadata: ["shares": "\(shares)", "threshold": "\(threshold)"])

        try await barrier.unseal(rootKey: rootKey)
        let token: String
        do {
            try await lifecycle.afterUnseal()
            token = try await lifecycle.generateRootToken(rootTokenID)
        } catch {
            await sealNow()
            throw error
        }
        if !unsealAfter { await sealNow() }
        return InitResult(shares: split, rootToken: token)
    }

    // MARK: Unseal

    /// Adds one share. Returns the state after it; unseals when the threshold is reached.
    package func submitUnsealKey(_ text: String) async throws -> SealState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        if !barrier.isSealed { return try await state() }
        let share = try ShareDecoding.decode(text)
        var collector = unsealShares ?? ShareCollector(threshold: cfg.secretThreshold)
        let outcome = collector.add(share, makeNonce: { UUIDString.random(entropy) })
        unsealShares = collector
        guard case .ready(let shares) = outcome else { return try await state() }
        unsealShares = nil
        try await unseal(with: shares)
        return try await state()
    }

    /// Discards the shares given so far.
    package func resetUnseal() async throws -> SealState {
        unsealShares?.reset()
        unsealShares = nil
        return try await state()
    }

    private func rebuildShareKey(_ shares: [[UInt8]]) throws -> SecretBytes {
        do {
            return SecretBytes(try Shamir.combine(shares))
        } catch {
            throw SealError.invalidShare("failed to compute combined key: \(error)")
        }
    }

    private func unwrapRootKey(shares: [[UInt8]]) async throws -> SecretBytes {
        let shareKey = try rebuildShareKey(shares)
        defer { shareKey.zeroize() }
        guard let blob = try await physical.get(RootKeyStorage.path) else { throw SealError.notInitialized }
        return try await seal.unwrap(blob.value, shareKey: shareKey)
    }

    private func unseal(with shares: [[UInt8]]) async throws {
        let rootKey = try await unwrapRootKey(shares: shares)
        defer { rootKey.zeroize() }
        try await barrier.unseal(rootKey: rootKey)
        do {
            try await lifecycle.afterUnseal()
        } catch {
            logger.error("post-unseal setup failed; sealing again", metadata: ["error": "\(error)"])
            await sealNow()
            throw error
        }
        logger.info("vault is unsealed")
    }

    // MARK: Seal

    package func sealNow() async {
        if barrier.isSealed { return }
        await lifecycle.beforeSeal()
        barrier.seal()
        rekey?.collector.reset()
        rekey = nil
        logger.info("vault is sealed")
    }

    // MARK: Rekey

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
        let rootKey = try await unwrapRootKey(shares: shares)
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

    /// The wrapped root key and the seal config must change together, or old shares would stop
    /// working while the new config is not yet in place.
    private func writeAtomically(_ ops: [PhysicalOperation]) async throws {
        if let tx = physical as? any TransactionalBackend {
            try await tx.apply(ops)
        } else {
            for op in ops {
                switch op {
                case .put(let e): try await physical.put(e)
                case .delete(let k): try await physical.delete(k)
                }
            }
        }
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        ConstantTime.equals(Array(a.utf8), Array(b.utf8))
    }
}
