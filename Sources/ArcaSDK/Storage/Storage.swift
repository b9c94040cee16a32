/// One entry in logical storage: a key and its plaintext value.
public struct StorageEntry: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// Storage as a backend sees it: plaintext above the barrier, confined to the backend's own view.
///
/// `get` returns `nil` when absent. `list(prefix:)` returns immediate children, folders with a
/// trailing `/`, sorted.
public protocol Storage: Sendable {
    func get(_ key: String) async throws -> StorageEntry?
    func put(_ entry: StorageEntry) async throws
    /// Writes several entries together: on a transactional backend in one atomic, durable commit
    /// (one fsync instead of one per entry); elsewhere one after another.
    func putAll(_ entries: [StorageEntry]) async throws
    func delete(_ key: String) async throws
    func list(prefix: String) async throws -> [String]
}

extension Storage {
    public func putAll(_ entries: [StorageEntry]) async throws {
        for entry in entries { try await put(entry) }
    }

    /// A view of this storage confined to `prefix`.
    public func view(_ prefix: String) -> PrefixedStorage { PrefixedStorage(base: self, prefix: prefix) }
}

/// A storage view whose keys are all below `prefix` of the underlying storage.
public struct PrefixedStorage: Storage {
    let base: any Storage
    let prefix: String

    public init(base: any Storage, prefix: String) {
        self.base = base
        self.prefix = prefix
    }

    public func get(_ key: String) async throws -> StorageEntry? {
        guard let e = try await base.get(prefix + key) else { return nil }
        return StorageEntry(key: key, value: e.value)
    }

    public func put(_ entry: StorageEntry) async throws {
        try await base.put(StorageEntry(key: prefix + entry.key, value: entry.value))
    }

    public func putAll(_ entries: [StorageEntry]) async throws {
        try await base.putAll(entries.map { StorageEntry(key: prefix + $0.key, value: $0.value) })
    }

    public func delete(_ key: String) async throws { try await base.delete(prefix + key) }

    public func list(prefix p: String) async throws -> [String] { try await base.list(prefix: prefix + p) }
}
