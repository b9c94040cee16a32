import ArcaCrypto
import ArcaSDK
import ArcaWire

/// Lease persistence inside the barrier:
/// `sys/expire/id/<lease id>` holds the entry, and `sys/expire/token/<token hash>/<sha256(lease id)>`
/// indexes the secrets each token created, so revoking a token finds its leases.
struct LeaseStore: Sendable {
    static let idPrefix = "sys/expire/id/"
    static let tokenPrefix = "sys/expire/token/"

    let storage: any Storage

    func get(_ leaseID: String) async throws -> LeaseEntry? {
        guard Self.isValid(leaseID), let doc = try await storage.getJSON(Self.idPrefix + leaseID) else { return nil }
        return try LeaseEntry(json: doc)
    }

    func put(_ entry: LeaseEntry) async throws { try await storage.apply(writes(entry)) }

    /// The entry and, for a secret, its token index entry: one commit.
    func writes(_ entry: LeaseEntry) -> [StorageWrite] {
        var writes: [StorageWrite] = [.put(StorageEntry(key: Self.idPrefix + entry.leaseID, value: JSONWriter.encode(entry.json)))]
        if entry.kind == .secret && !entry.tokenHash.isEmpty {
            writes.append(.put(StorageEntry(key: indexKey(entry), value: Array(entry.leaseID.utf8))))
        }
        return writes
    }

    func delete(_ entry: LeaseEntry) async throws {
        if entry.kind == .secret && !entry.tokenHash.isEmpty { try await storage.delete(indexKey(entry)) }
        try await storage.delete(Self.idPrefix + entry.leaseID)
    }

    /// The secret leases `tokenHash` created: each index key with the lease id it holds.
    func tokenIndex(_ tokenHash: String) async throws -> [(key: String, leaseID: String)] {
        let prefix = Self.tokenPrefix + tokenHash + "/"
        var out: [(key: String, leaseID: String)] = []
        for key in try await storage.list(prefix: prefix) where !key.hasSuffix("/") {
            if let value = try await storage.get(prefix + key)?.value {
                out.append((prefix + key, String(decoding: value, as: UTF8.self)))
            }
        }
        return out
    }

    /// The immediate children of `prefix` under the lease tree (folders end in `/`), as LIST shows them.
    func list(prefix: String) async throws -> [String] {
        try await storage.list(prefix: Self.idPrefix + prefix)
    }

    /// Every lease id at or below `prefix`, depth first. Visits in batches so a large tree is never
    /// held whole in memory.
    func walk(prefix: String = "", _ visit: (String) async throws -> Void) async throws {
        for child in try await storage.list(prefix: Self.idPrefix + prefix) {
            if child.hasSuffix("/") {
                try await walk(prefix: prefix + child, visit)
            } else {
                try await visit(prefix + child)
            }
        }
    }

    private func indexKey(_ entry: LeaseEntry) -> String {
        Self.tokenPrefix + entry.tokenHash + "/" + SHA256Digest.hex(Array(entry.leaseID.utf8))
    }

    /// Lease ids are storage paths below `sys/expire/id/`: no empty or dot segments, no leading `/`.
    static func isValid(_ leaseID: String) -> Bool {
        guard !leaseID.isEmpty, !leaseID.hasPrefix("/"), !leaseID.hasSuffix("/"), leaseID.utf8.count <= 1024 else {
            return false
        }
        return !leaseID.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }
}
