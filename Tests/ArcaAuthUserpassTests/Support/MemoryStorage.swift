import ArcaSDK
import Synchronization

/// Logical storage in memory for engine tests (no barrier, no HTTP).
final class MemoryStorage: Storage {
    private let entries = Mutex<[String: [UInt8]]>([:])

    func get(_ key: String) async throws -> StorageEntry? {
        entries.withLock { $0[key] }.map { StorageEntry(key: key, value: $0) }
    }
    func put(_ entry: StorageEntry) async throws { entries.withLock { $0[entry.key] = entry.value } }
    func delete(_ key: String) async throws { _ = entries.withLock { $0.removeValue(forKey: key) } }
    func list(prefix: String) async throws -> [String] {
        let keys = entries.withLock { Array($0.keys) }.filter { $0.hasPrefix(prefix) }
        var out = Set<String>()
        for k in keys {
            let rest = k.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { out.insert(String(rest[...slash])) } else { out.insert(String(rest)) }
        }
        return out.sorted()
    }
    var keys: [String] { entries.withLock { Array($0.keys) }.sorted() }
    func raw(_ key: String) -> String? { entries.withLock { $0[key] }.map { String(decoding: $0, as: UTF8.self) } }
}
