/// One stored entry at the physical layer. Values are opaque bytes: above the barrier they are
/// ciphertext, so the physical layer never sees a secret in the clear.
public struct PhysicalEntry: Sendable, Equatable {
    /// The storage key, a `/`-separated path such as `core/keyring` or `logical/<uuid>/foo`.
    public var key: String
    /// The stored bytes.
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// The physical storage contract every backend fulfils.
///
/// List semantics follow Vault: `list(prefix:)` returns the immediate children of `prefix`, each
/// relative to it; a child that has descendants appears once as `name/`, and a key that is both an
/// entry and a folder appears twice (`name` and `name/`). Results are sorted.
public protocol PhysicalBackend: Sendable {
    /// Reads the entry at `key`, or `nil` when there is none.
    func get(_ key: String) async throws -> PhysicalEntry?
    /// Writes `entry`, replacing any previous value at its key. Durable once it returns.
    func put(_ entry: PhysicalEntry) async throws
    /// Deletes the entry at `key`; deleting a missing key is not an error.
    func delete(_ key: String) async throws
    /// The immediate children of `prefix` (see the type's documentation).
    func list(prefix: String) async throws -> [String]
    /// A page of `list(prefix:)`: at most `limit` children sorting strictly after `after`
    /// (all when `limit` is `nil` or not positive).
    func listPage(prefix: String, after: String, limit: Int?) async throws -> [String]
}

/// One operation in an atomic batch.
public enum PhysicalOperation: Sendable, Equatable {
    case put(PhysicalEntry)
    case delete(String)
}

/// A backend that can apply several writes atomically: either all of them land or none does.
public protocol TransactionalBackend: PhysicalBackend {
    /// Applies `operations` in order, atomically and durably.
    func apply(_ operations: [PhysicalOperation]) async throws
}

extension PhysicalBackend {
    public func listPage(prefix: String, after: String, limit: Int?) async throws -> [String] {
        let all = try await list(prefix: prefix)
        let tail = after.isEmpty ? all[...] : all.drop(while: { $0 <= after })
        guard let limit, limit > 0 else { return Array(tail) }
        return Array(tail.prefix(limit))
    }
}

/// Errors raised by physical backends.
public enum PhysicalError: Error, Sendable, Equatable {
    /// The key is empty, too long, or contains a NUL byte or a `..` segment.
    case invalidKey(String)
    /// The value exceeds the backend's limit.
    case valueTooLarge(key: String, size: Int, limit: Int)
    /// The underlying store failed; the message never contains stored values.
    case backend(String)
}

/// A backend holding resources (files, connections) that must be released at shutdown.
public protocol ClosableBackend: PhysicalBackend {
    func close() async throws
}

/// A backend holding caches it can rebuild from its files (SQLite's page caches), which it gives
/// back when asked: after a burst of work, so the process returns towards its idle size.
public protocol MemoryReleasingBackend: PhysicalBackend {
    func releaseMemory() async
}
