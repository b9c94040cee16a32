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

    /// The deletes that would empty `prefix` (which ends in `/`), to commit with other writes.
    static func deletes(_ storage: any Storage, prefix: String) async throws -> [StorageWrite] {
        var out: [StorageWrite] = []
        for child in try await storage.list(prefix: prefix) {
            if child.hasSuffix("/") {
                out += try await deletes(storage, prefix: prefix + child)
            } else {
                out.append(.delete(prefix + child))
            }
        }
        return out
    }
}
