import ArcaCrypto
import ArcaStorage
import Logging

/// Drives initialization, unseal progress, auto-unseal, seal migration, seal and rekey. One actor
/// so that concurrent operators' shares are counted exactly once, in order.
///
/// With Shamir, operators' shares rebuild the key that opens the root key. With an auto-unseal
/// seal, the seal's service opens the root key, and operators hold recovery keys instead: they
/// unseal after a manual seal and authorize a seal migration.
package actor SealManager {
    let physical: any PhysicalBackend
    let barrier: Barrier
    /// The configured seal.
    let seal: any Seal
    /// A `disabled = "true"` seal stanza: the seal the stored root key may still be wrapped with.
    let previousSeal: (any Seal)?
    let entropy: any EntropySource
    let lifecycle: SealLifecycle
    let logger: Logger
    var config: SealConfig?
    var unsealShares: ShareCollector?
    var rekey: RekeyAttempt?
    var autoUnsealError: String?

    struct RekeyAttempt {
        var collector: ShareCollector
        var newShares: Int
        var newThreshold: Int
        var nonce: String
    }

    package init(
        physical: any PhysicalBackend, barrier: Barrier, seal: any Seal, previousSeal: (any Seal)? = nil,
        entropy: any EntropySource, lifecycle: SealLifecycle, logger: Logger
    ) {
        self.physical = physical
        self.barrier = barrier
        self.seal = seal
        self.previousSeal = previousSeal
        self.entropy = entropy
        self.lifecycle = lifecycle
        self.logger = logger
    }

    /// The stored seal configuration, read once and cached (it changes only through this actor).
    func loadConfig() async throws -> SealConfig? {
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
            type: seal.type, initialized: cfg != nil, sealed: barrier.isSealed,
            threshold: cfg?.operatorThreshold ?? 0, shares: cfg?.operatorShares ?? 0,
            progress: collector?.progress ?? 0, nonce: collector?.nonce ?? "", recoverySeal: !seal.needsShares,
            migration: cfg.map { $0.type != seal.type } ?? false, unsealError: barrier.isSealed ? autoUnsealError : nil)
    }

    // MARK: Initialization

    /// Creates the root key, keyring and shares: unseal shares for Shamir, recovery shares for an
    /// auto-unseal seal. Shamir leaves the server sealed unless `unsealAfter`; an auto-unseal seal
    /// leaves it unsealed, as the seal would unseal it at once anyway.
    package func initialize(
        shares: Int, threshold: Int, recoveryShares: Int = 0, recoveryThreshold: Int = 0, rootTokenID: String? = nil,
        unsealAfter: Bool = false
    ) async throws -> InitResult {
        if try await loadConfig() != nil { throw SealError.alreadyInitialized }
        let auto = !seal.needsShares
        if auto {
            if shares != 0 || threshold != 0 {
                throw SealError.invalidRequest("parameters secret_shares,secret_threshold not applicable to seal type \(seal.type)")
            }
            if recoveryShares != 0 || recoveryThreshold != 0 {
                try SealConfig.validate(shares: recoveryShares, threshold: recoveryThreshold)
            }
        } else {
            if recoveryShares != 0 || recoveryThreshold != 0 {
                throw SealError.invalidRequest("parameters recovery_shares,recovery_threshold not applicable to seal type shamir")
            }
            try SealConfig.validate(shares: shares, threshold: threshold)
        }
        let rootKey = SecretBytes(entropy.bytes(32))
        // Shamir: the key the shares rebuild, which opens the root key. Auto: the recovery key.
        let operatorKey: SecretBytes? = (!auto || recoveryShares > 0) ? SecretBytes(entropy.bytes(32)) : nil
        defer {
            rootKey.zeroize()
            operatorKey?.zeroize()
        }
        let split = try operatorKey.map { key in
            try Shamir.split(
                key, shares: auto ? recoveryShares : shares, threshold: auto ? recoveryThreshold : threshold, entropy: entropy)
        } ?? []
        let wrapped = try await wrapChecked(rootKey, with: seal, shareKey: auto ? nil : operatorKey)
        try await barrier.initialize(rootKey: rootKey)
        try await physical.put(PhysicalEntry(key: RootKeyStorage.path, value: wrapped))
        if auto, let operatorKey {
            try await physical.put(
                PhysicalEntry(key: RecoveryKeyCheck.path, value: RecoveryKeyCheck.make(for: operatorKey, entropy: entropy)))
        }
        let newConfig =
            auto
            ? SealConfig(
                type: seal.type, secretShares: 1, secretThreshold: 1, recoveryShares: recoveryShares,
                recoveryThreshold: recoveryThreshold)
            : SealConfig(type: seal.type, secretShares: shares, secretThreshold: threshold)
        // Written last: its presence is what marks the server initialized.
        try await physical.put(PhysicalEntry(key: SealConfig.path, value: newConfig.serialized))
        config = newConfig
        logger.info(
            "security barrier initialized",
            metadata: ["seal": "\(seal.type)", "shares": "\(split.count)", "threshold": "\(newConfig.operatorThreshold)"])

        try await barrier.unseal(rootKey: rootKey)
        let token: String
        do {
            try await lifecycle.afterUnseal()
            token = try await lifecycle.generateRootToken(rootTokenID)
        } catch {
            await sealNow()
            throw error
        }
        if !unsealAfter && !auto { await sealNow() }
        return InitResult(shares: auto ? [] : split, recoveryShares: auto ? split : [], rootToken: token)
    }

    // MARK: Unseal

    /// Adds one share (an unseal key for Shamir, a recovery key otherwise). Returns the state after
    /// it; unseals, or migrates the seal, when the threshold is reached.
    package func submitUnsealKey(_ text: String, migrate: Bool = false) async throws -> SealState {
        guard let cfg = try await loadConfig() else { throw SealError.notInitialized }
        if !barrier.isSealed { return try await state() }
        let source = try migrationSource(for: cfg)
        if source != nil && !migrate { throw SealError.migrationPending }
        guard cfg.operatorThreshold > 0 else {
            throw SealError.invalidRequest(
                "this server was initialized without recovery keys; only its \(cfg.type) seal can unseal it")
        }
        var share = try ShareDecoding.decode(text)
        var collector = unsealShares ?? ShareCollector(threshold: cfg.operatorThreshold)
        let outcome = collector.add(share, makeNonce: { UUIDString.random(entropy) })
        SecureZero.zero(&share)
        unsealShares = collector
        guard case .ready(let shares) = outcome else { return try await state() }
        unsealShares = nil
        let operatorKey = try rebuildKey(shares)
        defer { operatorKey.zeroize() }
        if let source {
            try await migrateSeal(from: source, config: cfg, operatorKey: operatorKey)
        } else {
            let rootKey = try await unwrapRootKey(config: cfg, operatorKey: operatorKey, using: seal)
            defer { rootKey.zeroize() }
            try await openBarrier(rootKey)
        }
        return try await state()
    }

    /// Discards the shares given so far.
    package func resetUnseal() async throws -> SealState {
        unsealShares?.reset()
        unsealShares = nil
        return try await state()
    }

    /// One attempt to unseal through the configured auto-unseal seal. On failure the reason is
    /// kept for `sys/seal-status` and logged; the caller decides when to try again.
    package func attemptAutoUnseal() async -> AutoUnsealOutcome {
        guard !seal.needsShares else { return .notApplicable }
        do {
            guard let cfg = try await loadConfig() else { return .notApplicable }
            if !barrier.isSealed { return .unsealed }
            if cfg.type != seal.type {
                logger.warning(
                    "seal migration pending: the root key is still protected by the \(cfg.type) seal; unseal with migrate=true and the existing keys",
                    metadata: ["from": "\(cfg.type)", "to": "\(seal.type)"])
                return .notApplicable
            }
            guard let blob = try await physical.get(RootKeyStorage.path) else { throw SealError.notInitialized }
            let rootKey = try await unwrapChecked(blob.value, with: seal, shareKey: nil)
            defer { rootKey.zeroize() }
            try await openBarrier(rootKey)
            autoUnsealError = nil
            logger.info("unsealed through the \(seal.type) seal")
            return .unsealed
        } catch {
            let reason = "\(error)"
            autoUnsealError = "auto-unseal through the \(seal.type) seal failed: \(reason)"
            logger.error("auto-unseal failed; the server stays sealed and will retry", metadata: ["seal": "\(seal.type)", "error": "\(reason)"])
            return .failed(reason)
        }
    }

    /// The key the shares rebuild. The shares are wiped (in every copy) either way.
    func rebuildKey(_ shares: [[UInt8]]) throws -> SecretBytes {
        defer { for share in shares { SecureZero.zeroShared(share) } }
        do {
            return try Shamir.combineSecret(shares)
        } catch {
            throw SealError.invalidShare("failed to compute combined key: \(error)")
        }
    }

    /// Opens the stored root key with `sealUsed`: Shamir with the rebuilt key; an auto-unseal seal
    /// once the rebuilt key is proven to be the recovery key.
    func unwrapRootKey(config cfg: SealConfig, operatorKey: SecretBytes, using sealUsed: any Seal) async throws -> SecretBytes {
        guard let blob = try await physical.get(RootKeyStorage.path) else { throw SealError.notInitialized }
        if cfg.isShamir { return try await sealUsed.unwrap(blob.value, shareKey: operatorKey) }
        guard let check = try await physical.get(RecoveryKeyCheck.path), RecoveryKeyCheck.matches(check.value, key: operatorKey)
        else { throw SealError.wrongShares("recovery key verification failed") }
        return try await unwrapChecked(blob.value, with: sealUsed, shareKey: nil)
    }

    /// An auto-unseal seal's failures (network, KMS refusals) become `sealUnavailable`, so the
    /// client sees why; Shamir's own errors pass through.
    func unwrapChecked(_ blob: [UInt8], with sealUsed: any Seal, shareKey: SecretBytes?) async throws -> SecretBytes {
        do {
            return try await sealUsed.unwrap(blob, shareKey: shareKey)
        } catch let e as SealError {
            throw e
        } catch {
            throw SealError.sealUnavailable("\(sealUsed.type) seal could not decrypt the root key: \(error)")
        }
    }

    /// Wraps the root key and checks at once that the seal opens what it wrapped, so a seal that
    /// cannot decrypt never becomes the only way in.
    func wrapChecked(_ rootKey: SecretBytes, with sealUsed: any Seal, shareKey: SecretBytes?) async throws -> [UInt8] {
        let wrapped: [UInt8]
        do {
            wrapped = try await sealUsed.wrap(rootKey: rootKey, shareKey: shareKey)
        } catch let e as SealError {
            throw e
        } catch {
            throw SealError.sealUnavailable("\(sealUsed.type) seal could not encrypt the root key: \(error)")
        }
        let back = try await unwrapChecked(wrapped, with: sealUsed, shareKey: shareKey)
        defer { back.zeroize() }
        guard ConstantTime.equals(back, rootKey) else { throw SealError.sealUnavailable("\(sealUsed.type) seal returned a different key") }
        return wrapped
    }

    func openBarrier(_ rootKey: SecretBytes) async throws {
        // An await above may have let another caller unseal first.
        guard barrier.isSealed else { return }
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
        // Waits for the storage operations in flight, so none is left using a zeroed key.
        await barrier.sealAndDrain()
        rekey?.collector.reset()
        rekey = nil
        logger.info("vault is sealed")
    }

    /// The wrapped root key and the seal config must change together, or old shares would stop
    /// working while the new config is not yet in place.
    func writeAtomically(_ ops: [PhysicalOperation]) async throws {
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

    func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        ConstantTime.equals(Array(a.utf8), Array(b.utf8))
    }
}
