import Synchronization

/// A physical backend in process memory, for dev mode and tests. Nothing survives a restart.
public final class InMemoryBackend: TransactionalBackend {
    private let entries = Mutex<[String: [UInt8]]>([:])

    public init() {}

    public func get(_ key: String) async throws -> PhysicalEntry? {
        try KeyValidation.validate(key)
        return entries.withLock { $0[key] }.map { PhysicalEntry(key: key, value: $0) }
    }

    public func put(_ entry: PhysicalEntry) async throws {
        try KeyValidation.validate(entry.key)
        entries.withLock { $0[entry.key] = entry.value }
    }

    public func delete(_ key: String) async throws {
        try KeyValidation.validate(key)
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    public func list(prefix: String) async throws -> [String] {
        let keys = entries.withLock { Array($0.keys) }
        return ListSemantics.children(of: prefix, keys: keys)
    }

    public func apply(_ operations: [PhysicalOperation]) async throws {
        for op in operations {
            switch op {
            case .put(let e): try KeyValidation.validate(e.key)
            case .delete(let k): try KeyValidation.validate(k)
            }
        }
        entries.withLock { dict in
            for op in operations {
                switch op {
                case .put(let e): dict[e.key] = e.value
                case .delete(let k): dict.removeValue(forKey: k)
                }
            }
        }
    }
}
