import ArcaSDK

/// `sys/leases/tidy`: leases whose token is gone.
extension ExpirationManager {
    package struct TidyReport: Sendable, Equatable {
        package var revokedOrphaned = 0
        package var removedDangling = 0
    }

    /// Revokes secret leases whose token no longer exists and drops token leases of gone tokens.
    package func tidy() async throws -> TidyReport {
        var report = TidyReport()
        var ids: [String] = []
        try await store.walk { ids.append($0) }
        for id in ids {
            guard let entry = try await store.get(id) else { continue }
            guard !entry.tokenHash.isEmpty, try await tokens.rawEntry(hash: entry.tokenHash) == nil else { continue }
            if entry.kind == .token {
                try await store.delete(entry)
                queue.remove(id)
                report.removedDangling += 1
            } else if (try? await revoke(entry, force: false)) != nil {
                report.revokedOrphaned += 1
            }
        }
        return report
    }
}
