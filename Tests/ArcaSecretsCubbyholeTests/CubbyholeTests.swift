import ArcaSDK
import ArcaSecretsCubbyhole
import ArcaWire
import Testing

/// A minimal in-memory storage for engine-level tests.
final class MemoryStorage: Storage, @unchecked Sendable {
    private var items: [String: [UInt8]] = [:]
    private let lock = NSLockLike()

    func get(_ key: String) async throws -> StorageEntry? { lock.run { items[key].map { StorageEntry(key: key, value: $0) } } }
    func put(_ entry: StorageEntry) async throws { lock.run { items[entry.key] = entry.value } }
    func delete(_ key: String) async throws { _ = lock.run { items.removeValue(forKey: key) } }
    func list(prefix: String) async throws -> [String] {
        lock.run {
            var out = Set<String>()
            for key in items.keys where key.hasPrefix(prefix) {
                let rest = key.dropFirst(prefix.count)
                if let slash = rest.firstIndex(of: "/") { out.insert(String(rest[...slash])) } else { out.insert(String(rest)) }
            }
            return out.sorted()
        }
    }
}

import Synchronization

final class NSLockLike: Sendable {
    private let m = Mutex(())
    func run<T>(_ body: () -> T) -> T { m.withLock { _ in body() } }
}

@Suite struct CubbyholeTests {
    let storage = MemoryStorage()
    let backend = CubbyholeBackend().router

    func request(_ op: ArcaSDK.Operation, _ path: String, owner: String?, _ data: [String: JSONValue] = [:]) -> LogicalRequest {
        var r = LogicalRequest(operation: op, path: path, data: data, storage: storage)
        r.tokenStorageKey = owner
        return r
    }

    @Test("each token sees only its own cubbyhole")
    func isolation() async throws {
        _ = try await backend.handle(request(.update, "app/db", owner: "tokA", ["password": "a"]))
        _ = try await backend.handle(request(.update, "app/db", owner: "tokB", ["password": "b"]))
        #expect(try await backend.handle(request(.read, "app/db", owner: "tokA"))?.data?["password"] == "a")
        #expect(try await backend.handle(request(.read, "app/db", owner: "tokB"))?.data?["password"] == "b")
        #expect(try await backend.handle(request(.read, "app/db", owner: "tokC")) == nil)
        #expect(try await backend.handle(request(.list, "", owner: "tokA"))?.data?["keys"] == ["app/"])
        #expect(try await backend.handle(request(.list, "", owner: "tokC")) == nil)
        _ = try await backend.handle(request(.delete, "app/db", owner: "tokA"))
        #expect(try await backend.handle(request(.read, "app/db", owner: "tokA")) == nil)
        #expect(try await backend.handle(request(.read, "app/db", owner: "tokB")) != nil)
    }

    @Test("bad input: no token, empty data, no path")
    func badInput() async throws {
        await #expect(throws: LogicalError.invalidRequest("client token empty")) {
            try await backend.handle(request(.read, "x", owner: nil))
        }
        await #expect(throws: LogicalError.invalidRequest("missing data fields")) {
            try await backend.handle(request(.update, "x", owner: "t"))
        }
        await #expect(throws: LogicalError.invalidRequest("missing path")) {
            try await backend.handle(request(.update, "", owner: "t", ["a": "b"]))
        }
    }
}
