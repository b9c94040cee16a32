/// One entry in logical storage: a key and its plaintext value.
public struct StorageEntry: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// One write in a batch given to `Storage.apply`.
public enum StorageWrite: Sendable, Equatable {
    case put(StorageEntry)
    case delete(String)

    public var key: String {
        switch self {
        case .put(let e): e.key
        case .delete(let k): k
        }
    }
}

/// Storage as a backend sees it: plaintext above the barrier, confined to the backend's own view.
///
/// `get` returns `nil` when absent. `list(prefix:)` returns immediate children, folders with a
/// trailing `/`, sorted.
public protocol Storage: Sendable {
    func get(_ key: String) async throws -> StorageEntry?
    func put(_ entry: StorageEntry) async throws
    /// Writes and deletes that belong together: on a transactional backend in one atomic, durable
    /// commit (one fsync instead of one per write); elsewhere one after another, in order.
    func apply(_ writes: [StorageWrite]) async throws
    func delete(_ key: String) async throws
    func list(prefix: String) async throws -> [String]
    /// One page of `list(prefix:)`: the children sorting after `after` in byte order, at most
    /// `limit` of them (0 or less: all). Storage that can seek reads only the page.
    func list(prefix: String, after: String, limit: Int) async throws -> [String]
}

extension Storage {
    public func list(prefix: String, after: String, limit: Int) async throws -> [String] {
        ListPage.apply(try await list(prefix: prefix), after: after, limit: limit)
    }

    public func apply(_ writes: [StorageWrite]) async throws { try await applyInOrder(writes) }

    /// `writes` one after another through `put` and `delete`, for storage without transactions.
    public func applyInOrder(_ writes: [StorageWrite]) async throws {
        for write in writes {
            switch write {
            case .put(let e): try await put(e)
            case .delete(let k): try await delete(k)
            }
        }
    }

    /// Several entries in one `apply`.
    public func putAll(_ entries: [StorageEntry]) async throws { try await apply(entries.map(StorageWrite.put)) }

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

    public func apply(_ writes: [StorageWrite]) async throws {
        try await base.apply(writes.map { w in
            switch w {
            case .put(let e): .put(StorageEntry(key: prefix + e.key, value: e.value))
            case .delete(let k): .delete(prefix + k)
            }
        })
    }

    public func delete(_ key: String) async throws { try await base.delete(prefix + key) }

    public func list(prefix p: String) async throws -> [String] { try await base.list(prefix: prefix + p) }

    public func list(prefix p: String, after: String, limit: Int) async throws -> [String] {
        try await base.list(prefix: prefix + p, after: after, limit: limit)
    }
}
