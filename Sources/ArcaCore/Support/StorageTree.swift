import ArcaSDK

/// Operations on a whole folder of logical storage.
enum StorageTree {
    /// Deletes every key at or below `prefix` (which ends in `/`), depth first.
    static func delete(_ storage: any Storage, prefix: String) async throws {
        for child in try await storage.list(prefix: prefix) {
            if child.hasSuffix("/") {
                try await delete(storage, prefix: prefix + child)
            } else {
                try await storage.delete(prefix + child)
            }
        }
    }
}
