import ArcaSDK
import FoundationEssentials

extension AppRoleBackend {
    var tidyPath: Path {
        Path("tidy/secret-id", operations: [.update: tidyRequest], synopsis: "Remove expired secret ids and dangling accessors.")
    }

    static let tidyLock = "tidy"

    @Sendable func tidyRequest(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var response = LogicalResponse()
        response.status = 202
        guard try await tidy(req.storage) != nil else {
            response.warnings = ["Tidy operation already in progress."]
            return response
        }
        response.warnings = ["Tidy operation successfully started. Any information from the operation will be printed to the server's logs."]
        return response
    }

    /// The background tidy, for the core's periodic call (`PathRouter(periodic:)`): a pass at
    /// most once a minute.
    @Sendable func periodicTidy(_ req: LogicalRequest) async throws {
        guard await tidySchedule.claim(at: now()) else { return }
        _ = try await tidy(req.storage)
    }

    /// What one tidy pass removed.
    struct TidyReport: Sendable, Equatable {
        var expiredSecretIDs = 0
        var danglingAccessors = 0
        var orphanedSecretIDs = 0
    }

    /// Removes expired secret ids (with their accessors), secret ids whose accessor is gone, and
    /// accessors whose secret id is gone. Returns `nil` when another tidy is running. Meant for
    /// the core's periodic call as well as `tidy/secret-id`.
    func tidy(_ storage: any Storage) async throws -> TidyReport? {
        guard await locks.tryLock(Self.tidyLock) else { return nil }
        do {
            let report = try await tidyPass(AppRoleStore(storage: storage, salt: try await salts.salt(in: storage)))
            await locks.release(Self.tidyLock)
            return report
        } catch {
            await locks.release(Self.tidyLock)
            throw error
        }
    }

    private func tidyPass(_ store: AppRoleStore) async throws -> TidyReport {
        var report = TidyReport()
        let now = now()
        for role in try await store.secretIDRoles() {
            for hmac in try await store.secretIDHMACs(role: role) {
                let outcome: (expired: Bool, orphaned: Bool) = try await locks.withLock(Self.secretLock(hmac)) {
                    guard let entry = try await store.secretID(role: role, hmac: hmac) else { return (false, false) }
                    guard try await store.accessor(entry.accessor) != nil else {
                        try await store.delete(entry, role: role, hmac: hmac)
                        return (false, true)
                    }
                    if entry.isExpired(at: now) {
                        try await store.delete(entry, role: role, hmac: hmac)
                        return (true, false)
                    }
                    return (false, false)
                }
                if outcome.expired { report.expiredSecretIDs += 1 }
                if outcome.orphaned { report.orphanedSecretIDs += 1 }
            }
        }
        for hash in try await store.accessorHashes() {
            guard let index = try await store.accessor(hash: hash) else { continue }
            let dangling = try await locks.withLock(Self.secretLock(index.secretIDHMAC)) {
                guard try await store.secretID(role: index.roleName, hmac: index.secretIDHMAC) == nil else { return false }
                try await store.deleteAccessor(hash: hash)
                return true
            }
            if dangling { report.danglingAccessors += 1 }
        }
        return report
    }
}
