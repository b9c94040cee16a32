import ArcaAuthSupport
import ArcaSDK

/// The verification keys of the configured source, kept between logins. Remote keys are fetched
/// on first use and fetched again when a token names a `kid` the cached set does not have (the
/// provider rotated its keys); a configuration change starts afresh.
actor KeySetCache {
    private let remote: RemoteDocuments
    private var source: JWTConfig.KeySource?
    private var keys: [VerificationKey]?
    private var jwksURL: String?
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
        inFlight = nil
    }

    /// The keys for `source`; `refresh` fetches remote keys again even when some are cached.
    func keys(for source: JWTConfig.KeySource, refresh: Bool = false) async throws(JOSEError) -> [VerificationKey] {
        if self.source != source { reset() }
        self.source = source
        if let keys, !refresh { return keys }
        if case .staticKeys(let pems) = source {
            var parsed: [VerificationKey] = []
            for pem in pems { parsed.append(try VerificationKey(pem: pem)) }
            keys = parsed
            return parsed
        }
        let task: Task<[VerificationKey], any Error>
        if let running = inFlight {
            task = running
        } else {
            task = Task { try await self.fetch(source) }
            inFlight = task
        }
        defer { if inFlight == task { inFlight = nil } }
        do {
            let fetched = try await task.value
            if self.source == source { keys = fetched }
            return fetched
        } catch let e as JOSEError {
            throw e
        } catch {
            throw JOSEError("\(error)")
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
