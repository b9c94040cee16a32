/// What the rest of the core does when the barrier opens or closes, and at initialization.
/// The seal manager calls these; it knows nothing of tokens or mounts.
package struct SealLifecycle: Sendable {
    /// Runs after the barrier is unsealed, before the server reports itself unsealed
    /// (load mount tables, token store, cluster identity). A throw re-seals.
    package var afterUnseal: @Sendable () async throws -> Void
    /// Runs before the barrier seals (stop timers, drop caches holding secrets).
    package var beforeSeal: @Sendable () async -> Void
    /// Runs once at initialization with the barrier unsealed; returns the initial root token.
    /// The argument is a requested token id (dev mode), if any.
    package var generateRootToken: @Sendable (String?) async throws -> String

    package init(
        afterUnseal: @escaping @Sendable () async throws -> Void = {},
        beforeSeal: @escaping @Sendable () async -> Void = {},
        generateRootToken: @escaping @Sendable (String?) async throws -> String
    ) {
        self.afterUnseal = afterUnseal
        self.beforeSeal = beforeSeal
        self.generateRootToken = generateRootToken
    }
}

/// What `sys/seal-status` reports, before it is dressed with version and cluster details.
package struct SealState: Sendable, Equatable {
    package var type: String
    package var initialized: Bool
    package var sealed: Bool
    package var threshold: Int
    package var shares: Int
    package var progress: Int
    package var nonce: String
    /// Whether operators hold recovery keys rather than unseal keys (an auto-unseal seal).
    package var recoverySeal: Bool = false
    /// The stored root key is protected by another seal than the configured one.
    package var migration: Bool = false
    /// Why the last automatic unseal failed, until one succeeds.
    package var unsealError: String? = nil
}

/// The outcome of `sys/init`.
package struct InitResult: Sendable {
    /// The key shares to hand to operators (empty for auto-unseal seals).
    package var shares: [[UInt8]]
    /// The recovery key shares of an auto-unseal seal (empty for Shamir).
    package var recoveryShares: [[UInt8]] = []
    package var rootToken: String
}

/// What one attempt to unseal through an auto-unseal seal came to.
package enum AutoUnsealOutcome: Sendable, Equatable {
    case unsealed
    /// Nothing to do: Shamir seal, not initialized, or a migration waits for operators.
    case notApplicable
    case failed(String)
}

/// What the seal manager reports about rekey.
package enum RekeyUpdateOutcome: Sendable {
    case progress(RekeyState)
    case complete(nonce: String, shares: [[UInt8]])
}

/// Progress of a rekey.
package struct RekeyState: Sendable, Equatable {
    package var started: Bool
    package var nonce: String
    package var newThreshold: Int
    package var newShares: Int
    package var progress: Int
    package var required: Int
}
