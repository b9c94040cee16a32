package import ArcaSDK
import Synchronization

/// Logical storage in memory, as the core's barrier view would give a mount.
package final class MemoryStorage: Storage {
    package init() {}

    private let entries = Mutex<[String: [UInt8]]>([:])

    package func get(_ key: String) async throws -> StorageEntry? {
        entries.withLock { $0[key] }.map { StorageEntry(key: key, value: $0) }
    }

    package func put(_ entry: StorageEntry) async throws { entries.withLock { $0[entry.key] = entry.value } }

    package func delete(_ key: String) async throws { _ = entries.withLock { $0.removeValue(forKey: key) } }

    package func list(prefix: String) async throws -> [String] {
        let keys = entries.withLock { Array($0.keys) }.filter { $0.hasPrefix(prefix) }
        var out = Set<String>()
        for k in keys {
            let rest = k.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { out.insert(String(rest[...slash])) } else { out.insert(String(rest)) }
        }
        return out.sorted()
    }

    /// The raw stored text at `key`, to check what is (and is not) persisted.
    package func text(_ key: String) -> String? { entries.withLock { $0[key] }.map { String(decoding: $0, as: UTF8.self) } }
}
