import ArcaAuthSupport
import ArcaSDK
import FoundationEssentials

/// The verification keys of the configured source, kept between logins. Remote keys are fetched
/// on first use and fetched again when a token names a `kid` the cached set does not have (the
/// provider rotated its keys); a configuration change starts afresh.
///
/// Logins are unauthenticated, so a token that names an unknown `kid` must not make the server
/// fetch the key set every time: a refresh happens at most once per `refreshInterval`, and after
/// a failed fetch the next one waits `retryInterval`. Inside those intervals the cached keys (or
/// the last failure) answer.
actor KeySetCache {
    /// The shortest time between two fetches of a key set that is already cached.
    static let refreshInterval: TimeInterval = 60
    /// The shortest time between two attempts while no key set could be fetched yet.
    static let retryInterval: TimeInterval = 5

    private let remote: RemoteDocuments
    private var source: JWTConfig.KeySource?
    private var keys: [VerificationKey]?
    private var jwksURL: String?
    /// When the last fetch started, and how the last one that found no keys failed.
    private var lastAttempt: Date?
    private var lastFailure: JOSEError?
    /// A fetch under way, shared by the logins that wait for it.
    private var inFlight: Task<[VerificationKey], any Error>?

    init(http: any OutboundHTTPClient) {
        remote = RemoteDocuments(http: http)
    }

    /// Forgets everything (after a config write).
    func reset() {
        source = nil
        keys = nil
        jwksURL = nil
        lastAttempt = nil
        lastFailure = nil
        inFlight = nil
    }

    /// The keys for `source`. `refresh` asks for the remote keys again even when some are cached;
    /// it is honoured at most once per `refreshInterval` (measured on `now`), else the cached keys
    /// come back unchanged.
    func keys(for source: JWTConfig.KeySource, refresh: Bool = false, now: Date) async throws(JOSEError) -> [VerificationKey] {
        if self.source != source { reset() }
        self.source = source
        if let keys, !refresh { return keys }
        if case .staticKeys(let pems) = source {
            var parsed: [VerificationKey] = []
            for pem in pems { parsed.append(try VerificationKey(pem: pem)) }
            keys = parsed
            return parsed
        }
        if inFlight == nil, let last = lastAttempt {
            let elapsed = now.timeIntervalSince(last)
            // A clock that went back counts as time elapsed, so it cannot stop refreshes for good.
            let wait = keys == nil ? Self.retryInterval : Self.refreshInterval
            if elapsed >= 0 && elapsed < wait {
                if let keys { return keys }
                throw lastFailure ?? JOSEError("keys are not available yet")
            }
        }
        let task: Task<[VerificationKey], any Error>
        if let running = inFlight {
            task = running
        } else {
            lastAttempt = now
            task = Task { try await self.fetch(source) }
            inFlight = task
        }
        defer { if inFlight == task { inFlight = nil } }
        do {
            let fetched = try await task.value
            if self.source == source {
                keys = fetched
                lastFailure = nil
            }
            return fetched
        } catch {
            let failure = (error as? JOSEError) ?? JOSEError("\(error)")
            if self.source == source { lastFailure = failure }
            throw failure
        }
    }

    private func fetch(_ source: JWTConfig.KeySource) async throws(JOSEError) -> [VerificationKey] {
        switch source {
        case .staticKeys: return []
        case .jwks(let url, let ca):
            return try await remote.keySet(url: url, caPEM: ca)
        case .discovery(let issuer, let ca):
            let url: String
            if let known = jwksURL {
                url = known
            } else {
                url = try await remote.discoverKeySetURL(issuer: issuer, caPEM: ca)
                jwksURL = url
            }
            return try await remote.keySet(url: url, caPEM: ca)
        }
    }
}
