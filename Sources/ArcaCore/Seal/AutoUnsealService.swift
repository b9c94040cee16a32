import ServiceLifecycle

/// Unseals the server through its auto-unseal seal at start, and keeps trying with backoff while
/// the seal's service (KMS, transit) cannot be reached. It stops once the server is unsealed, or
/// when there is nothing for it to do (Shamir, not yet initialized, a pending migration). A later
/// manual seal is not undone: the server then waits for recovery keys or a restart, as Vault does.
package struct AutoUnsealService: Service {
    let manager: SealManager
    let firstDelay: Duration
    let maxDelay: Duration

    package init(manager: SealManager, firstDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(5)) {
        self.manager = manager
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    package func run() async throws {
        var delay = firstDelay
        while !Task.isCancelled {
            switch await manager.attemptAutoUnseal() {
            case .unsealed, .notApplicable: return
            case .failed:
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maxDelay)
            }
        }
    }
}
