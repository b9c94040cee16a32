import ArcaSDK
import ArcaWire
import FoundationEssentials
import Logging
import Synchronization

/// Owns every lease: registers secrets and tokens with a TTL, renews them within their maximum,
/// and revokes them — on request, by prefix, with their token, and on expiry from a timer task.
/// A failed revocation is retried with backoff and, after `maxRevokeAttempts`, kept as irrevocable.
/// On unseal the schedule is rebuilt from storage in the background, so unseal never waits for it.
/// This file registers, looks up, renews and revokes; the timer, an expiry pass and the restore
/// are in `ExpirationManager+Timer.swift` (the only user of `tasks`, `restoreState` and
/// `tickLock`), `sys/leases/tidy` in `ExpirationManager+Tidy.swift`.
package final class ExpirationManager: Sendable {
    /// Revocation tries before a lease is left irrevocable, as in Vault.
    package static let maxRevokeAttempts = 6
    /// Retry delays grow 2^n seconds from here, capped.
    static let baseRetryDelay = 1.0
    static let maxRetryDelay = 60.0
    /// The timer never sleeps longer than this, so a clock change or a new earlier lease is noticed.
    static let maxSleep = 0.5
    /// How many due leases the timer revokes before it yields to other work.
    static let revocationsPerYield = 8
    /// How many due tokens the timer revokes at once.
    static let concurrentRevocations = 16
    /// After a burst of at least this many expiries, free memory goes back to the system.
    static let trimAfterRevocations = 1000

    let store: LeaseStore
    let barrier: Barrier
    let tokens: TokenStore
    /// Set once by the core: the mount manager is built after the expiration manager (its sys
    /// routes serve `sys/leases`), so the reference is attached rather than passed in.
    private let mountManager = Mutex<MountManager?>(nil)
    private let configuration: CoreConfiguration
    let queue = LeaseSchedule()
    let tasks = Mutex<[Task<Void, Never>]>([])
    let restoreState = Mutex(RestoreState())
    let tickLock = AsyncLock()
    /// Expiry passes that revoked something count as activity: the server is not idle yet.
    let activity: ActivityCounter

    /// Progress of the background restore after unseal.
    package struct RestoreState: Sendable, Equatable {
        package var finished = false
        package var restored = 0
        package var seconds = 0.0
    }

    package init(
        barrier: Barrier, tokens: TokenStore, configuration: CoreConfiguration, activity: ActivityCounter = ActivityCounter()
    ) {
        self.store = LeaseStore(storage: barrier)
        self.activity = activity
        self.barrier = barrier
        self.tokens = tokens
        self.configuration = configuration
    }

    package func attach(mounts: MountManager) { mountManager.withLock { $0 = mounts } }

    private var routes: RouteTable { mountManager.withLock { $0?.table } ?? .empty }

    var now: Double { configuration.clock.now().timeIntervalSince1970 }
    var logger: Logger { configuration.logger }

    package var restore: RestoreState { restoreState.withLock { $0 } }
    package var scheduledCount: Int { queue.count }

    // MARK: - Registration

    /// Registers the secret a backend returned for `path` and fills in its lease id and granted TTL.
    package func register(secret: SecretLease, path: String, mount: MountEntry, tokenHash: String) async throws
        -> (SecretLease, [String])
    {
        let ttl = LeaseTTL.compute(
            requested: secret.ttl, backendMax: secret.maxTTL, mountDefault: mount.defaultLeaseTTL,
            mountMax: mount.maxLeaseTTL, systemDefault: Int(configuration.defaultLeaseTTL),
            systemMax: Int(configuration.maxLeaseTTL))
        var lease = secret
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        lease.leaseID = base + "/" + Base62.random(24, entropy: configuration.entropy)
        lease.ttl = ttl.ttl
        lease.maxTTL = ttl.maxTTL
        let issued = now
        lease.issueTime = Date(timeIntervalSince1970: issued)
        var entry = LeaseEntry(
            leaseID: lease.leaseID, kind: .secret, path: path, tokenHash: tokenHash, secret: lease, issueTime: issued,
            expireTime: issued + Double(ttl.ttl))
        entry.maxExpireTime = issued + Double(ttl.maxTTL)
        try await store.put(entry)
        schedule(entry)
        return (lease, ttl.warnings)
    }

    /// The lease id of a token's lease.
    static func tokenLeaseID(_ entry: TokenEntry) -> String { entry.path + "/h" + entry.idHash }

    /// The lease of a token just created; `nil` for a token that never expires.
    static func newTokenLease(_ token: TokenEntry) -> LeaseEntry? {
        guard token.expireTime > 0 else { return nil }
        var entry = LeaseEntry(
            leaseID: tokenLeaseID(token), kind: .token, path: token.path, tokenHash: token.idHash, secret: nil,
            issueTime: Double(token.creationTime), expireTime: Double(token.expireTime))
        if token.explicitMaxTTL > 0 { entry.maxExpireTime = Self.maxExpireTime(token) }
        return entry
    }

    /// The latest a token may live to: its creation plus its explicit max TTL, saturating (both
    /// come from storage, where an older entry may hold any value).
    static func maxExpireTime(_ token: TokenEntry) -> Double {
        Double(token.creationTime.addingSaturating(token.explicitMaxTTL))
    }

    func upsertTokenLease(_ token: TokenEntry) async throws {
        guard let fresh = Self.newTokenLease(token) else { return }
        var entry = try await store.get(fresh.leaseID) ?? fresh
        if entry.expireTime != Double(token.expireTime) {
            entry.lastRenewalTime = now
            entry.expireTime = Double(token.expireTime)
        }
        if token.explicitMaxTTL > 0 { entry.maxExpireTime = Self.maxExpireTime(token) }
        try await store.put(entry)
        schedule(entry)
    }

    func schedule(_ entry: LeaseEntry) {
        queue.schedule(entry.leaseID, at: entry.expireTime)
    }

    // MARK: - Lookup

    package func lookup(_ leaseID: String) async throws -> LeaseEntry? { try await store.get(leaseID) }

    package func list(prefix: String) async throws -> [String] { try await store.list(prefix: prefix) }

    /// Leases that could not be revoked after every retry.
    package func irrevocable() async throws -> [LeaseEntry] {
        var out: [LeaseEntry] = []
        try await store.walk { id in
            if let e = try await store.get(id), e.isIrrevocable { out.append(e) }
        }
        return out
    }

    // MARK: - Renewal

    /// Renews a secret's lease by `increment` seconds (0: its TTL), never past its maximum.
    package func renew(_ leaseID: String, increment: Int) async throws -> (LeaseEntry, LogicalResponse) {
        guard var entry = try await store.get(leaseID), entry.expireTime > now, !entry.isIrrevocable else {
            throw LogicalError.invalidRequest("lease not found or lease is not renewable")
        }
        guard entry.kind == .secret, var lease = entry.secret else {
            throw LogicalError.invalidRequest("tokens cannot be renewed through this endpoint; use auth/token/renew")
        }
        guard lease.renewable else { throw LogicalError.invalidRequest("lease is not renewable") }
        lease.increment = increment
        guard let (route, relative) = routes.match(entry.path) else {
            throw LogicalError.invalidRequest("no secrets engine is mounted for lease \(leaseID)")
        }
        var request = LogicalRequest(
            id: UUIDString.random(configuration.entropy), operation: .renew, path: relative,
            storage: barrier.view(route.entry.storagePrefix), mount: configuration.mountInfo(route.entry))
        request.secret = lease
        var response = try await route.backend.handle(request) ?? LogicalResponse(secret: lease)
        let requested = response.secret?.ttl ?? lease.ttl
        var ttl = Double(requested > 0 ? requested : lease.ttl)
        var warnings = response.warnings
        let current = now
        if entry.maxExpireTime > 0 && current + ttl > entry.maxExpireTime {
            let capped = max(0, entry.maxExpireTime - current)
            warnings.append(
                "TTL of \"\(DurationText.format(Int(saturating: ttl)))\" exceeded the effective max_ttl of "
                    + "\"\(DurationText.format(Int(saturating: capped)))\"; TTL value is capped accordingly")
            ttl = capped
        }
        if let renewed = response.secret { lease.internalData = renewed.internalData }
        lease.ttl = Int(saturating: ttl)
        lease.increment = 0
        entry.secret = lease
        entry.expireTime = current + ttl
        entry.lastRenewalTime = current
        try await store.put(entry)
        schedule(entry)
        response.secret = lease
        response.warnings = warnings
        return (entry, response)
    }

    // MARK: - Revocation

    /// Revokes one lease now. `force` deletes it even when the backend's revoke fails.
    package func revoke(_ leaseID: String, force: Bool = false) async throws {
        guard let entry = try await store.get(leaseID) else { return }
        try await revoke(entry, force: force)
    }

    /// Revokes every lease below `prefix` (a mount, a role, or one lease id).
    package func revokePrefix(_ prefix: String, force: Bool = false) async throws {
        var ids: [String] = []
        if try await store.get(prefix) != nil { ids.append(prefix) }
        let folder = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        try await store.walk(prefix: folder) { ids.append($0) }
        for id in ids { try await revoke(id, force: force) }
    }

    /// Revokes the secrets a token obtained and returns the deletes of its index and its own lease,
    /// which the token store commits with the token (through `TokenObserver`).
    func revokeLeases(of token: TokenEntry) async throws -> [StorageWrite] {
        let index = try await store.tokenIndex(token.idHash)
        var writes: [StorageWrite] = []
        for (key, id) in index {
            if let entry = try await store.get(id) {
                do {
                    try await revoke(entry, force: false)
                } catch {
                    // The token goes regardless; the lease stays scheduled for a retry.
                    logger.warning("revoking a lease of a revoked token failed; will retry", metadata: ["lease_id": "\(id)"])
                }
            }
            writes.append(.delete(key))
        }
        writes.append(.delete(LeaseStore.idPrefix + Self.tokenLeaseID(token)))
        return writes
    }

    func revoke(_ entry: LeaseEntry, force: Bool) async throws {
        switch entry.kind {
        case .token:
            // Revoking the token reaches `revokeLeases(of:)`, which deletes this entry with the
            // token when the token still exists; without one, it is deleted here.
            let existed = try await tokens.revoke(hash: entry.tokenHash)
            if !existed || entry.leaseID != entry.path + "/h" + entry.tokenHash, try await store.get(entry.leaseID) != nil {
                try await store.delete(entry)
            }
            queue.remove(entry.leaseID)
        case .secret:
            do {
                try await callBackendRevoke(entry)
            } catch {
                if !force {
                    try await recordFailure(entry, error: error)
                    throw LogicalError.invalidRequest("failed to revoke lease \(entry.leaseID): \(Self.describe(error))")
                }
                logger.warning("forced revocation: backend revoke failed, lease removed", metadata: ["lease_id": "\(entry.leaseID)"])
            }
            try await store.delete(entry)
            queue.remove(entry.leaseID)
        }
    }

    private func callBackendRevoke(_ entry: LeaseEntry) async throws {
        guard let (route, relative) = routes.match(entry.path) else {
            throw LogicalError.invalidRequest("no secrets engine is mounted at \(entry.path)")
        }
        var request = LogicalRequest(
            id: UUIDString.random(configuration.entropy), operation: .revoke, path: relative,
            storage: barrier.view(route.entry.storagePrefix), mount: configuration.mountInfo(route.entry))
        request.secret = entry.secret
        _ = try await route.backend.handle(request)
    }

    /// Counts a failed revocation and schedules the retry, or gives up after the last attempt.
    private func recordFailure(_ old: LeaseEntry, error: any Error) async throws {
        var entry = old
        entry.revokeAttempts += 1
        entry.revokeError = Self.describe(error)
        try await store.put(entry)
        if entry.isIrrevocable {
            queue.remove(entry.leaseID)
            logger.error(
                "lease is irrevocable after repeated failures", metadata: ["lease_id": "\(entry.leaseID)", "attempts": "\(entry.revokeAttempts)"])
        } else {
            let delay = min(Self.maxRetryDelay, Self.baseRetryDelay * Double(1 << (entry.revokeAttempts - 1)))
            queue.schedule(entry.leaseID, at: now + delay)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? LogicalError { return e.description }
        return String(describing: error)
    }
}

extension ExpirationManager: TokenObserver {
    package func writes(forNewToken entry: TokenEntry) throws -> [StorageWrite] {
        guard let lease = Self.newTokenLease(entry) else { return [] }
        return store.writes(lease)
    }

    /// The new token's lease was written with it: only the schedule is left.
    package func tokenStored(_ entry: TokenEntry) async throws {
        if let lease = Self.newTokenLease(entry) { schedule(lease) }
    }
    package func tokenRenewed(_ entry: TokenEntry) async throws { try await upsertTokenLease(entry) }
    package func tokenRevoking(_ entry: TokenEntry) async throws -> [StorageWrite] { try await revokeLeases(of: entry) }
    package func tokenRevoked(_ entry: TokenEntry) { queue.remove(Self.tokenLeaseID(entry)) }
}
