import Synchronization

/// A physical backend in process memory, for dev mode and tests. Nothing survives a restart.
///
/// Lists are answered from a folder index (`FolderIndex`), so listing a folder costs its number
/// of children, not the size of the whole store: revoking a token lists a few small folders, and
/// with every key scanned each time, expiring N tokens cost N² (measured by the benchmark).
public final class InMemoryBackend: TransactionalBackend {
    private struct State {
        var entries = ShardedDictionary<[UInt8]>()
        var folders = FolderIndex()

        mutating func put(_ key: String, _ value: [UInt8]) {
            if entries.updateValue(value, forKey: key) == nil { folders.add(key) }
        }

        mutating func delete(_ key: String) {
            if entries.removeValue(forKey: key) != nil { folders.remove(key) }
            entries.shrinkIfSparse(around: key)
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func get(_ key: String) async throws -> PhysicalEntry? {
        try KeyValidation.validate(key)
        return state.withLock { $0.entries[key] }.map { PhysicalEntry(key: key, value: $0) }
    }

    public func put(_ entry: PhysicalEntry) async throws {
        try KeyValidation.validate(entry.key)
        state.withLock { $0.put(entry.key, entry.value) }
    }

    public func delete(_ key: String) async throws {
        try KeyValidation.validate(key)
        state.withLock { $0.delete(key) }
    }

    public func list(prefix: String) async throws -> [String] {
        if FolderIndex.isFolder(prefix) { return state.withLock { $0.folders.children(of: prefix) } }
        let keys = state.withLock { $0.entries.keys }
        return ListSemantics.children(of: prefix, keys: keys)
    }

    public func apply(_ operations: [PhysicalOperation]) async throws {
        for op in operations {
            switch op {
            case .put(let e): try KeyValidation.validate(e.key)
            case .delete(let k): try KeyValidation.validate(k)
            }
        }
        state.withLock { s in
            for op in operations {
                switch op {
                case .put(let e): s.put(e.key, e.value)
                case .delete(let k): s.delete(k)
                }
            }
        }
    }
}

/// For every folder (`""` or a path ending in `/`), its immediate children (`name` or `name/`)
/// with the number of stored keys at or below each, so a child disappears with its last key.
/// Gives the same answers as `ListSemantics.children` over all keys.
struct FolderIndex {
    /// Sharded (`ShardedDictionary`): a folder such as the token store's holds one child per live
    /// token, and growing it in one piece paused the server.
    private var children: [String: ShardedDictionary<Int>] = [:]

    static func isFolder(_ prefix: String) -> Bool { prefix.isEmpty || prefix.hasSuffix("/") }

    func children(of folder: String) -> [String] { children[folder].map { $0.keys.sorted() } ?? [] }

    mutating func add(_ key: String) { walk(key, by: 1) }
    mutating func remove(_ key: String) { walk(key, by: -1) }

    private mutating func walk(_ key: String, by delta: Int) {
        var folder = ""
        var rest = Substring(key)
        while let slash = rest.firstIndex(of: "/") {
            let child = String(rest[...slash])
            adjust(folder, child, delta)
            folder += child
            rest = rest[rest.index(after: slash)...]
        }
        if !rest.isEmpty { adjust(folder, String(rest), delta) }
    }

    private mutating func adjust(_ folder: String, _ child: String, _ delta: Int) {
        let count = (children[folder]?[child] ?? 0) + delta
        if count > 0 {
            children[folder, default: ShardedDictionary()][child] = count
        } else {
            children[folder]?[child] = nil
            if children[folder]?.isEmpty == true {
                children[folder] = nil
                children.shrinkIfSparse()
            } else {
                children[folder]?.shrinkIfSparse(around: child)
            }
        }
    }
}
