import ArcaSDK
@testable import ArcaSecretsKV
import ArcaWire
import FoundationEssentials
import Synchronization
import Testing

/// Logical storage in memory for engine tests (no barrier, no HTTP).
final class MemoryStorage: Storage {
    private let entries = Mutex<[String: [UInt8]]>([:])
    func get(_ key: String) async throws -> StorageEntry? { entries.withLock { $0[key] }.map { StorageEntry(key: key, value: $0) } }
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
    var keys: [String] { entries.withLock { Array($0.keys) } }
}

/// Drives a KV v2 backend directly, as the core would.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func read() -> Date { now.withLock { $0 } }
    func advance(_ seconds: Double) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

struct KVHarness {
    let backend: any Backend
    let storage = MemoryStorage()
    let clock = TestClock()

    init() {
        let clock = self.clock
        backend = KVEngine.make(version: "2", now: { clock.read() })
    }

    func advance(_ seconds: Double) { clock.advance(seconds) }

    @discardableResult
    func call(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:]) async throws -> LogicalResponse? {
        var req = LogicalRequest(operation: op, path: path, data: data, storage: storage)
        if op == .update, let exists = try await backend.existenceCheck(req), !exists { req.operation = .create }
        return try await backend.handle(req)
    }
}

@Suite struct KVv2Tests {
    @Test("versions, reads by version, metadata")
    func versions() async throws {
        let h = KVHarness()
        var r = try await h.call(.update, "data/app/db", ["data": ["user": "a"]])
        #expect(r?.data?["version"] == 1 && r?.data?["destroyed"] == false)
        r = try await h.call(.update, "data/app/db", ["data": ["user": "b"]])
        #expect(r?.data?["version"] == 2)
        #expect(try await h.call(.read, "data/app/db")?.data?["data"] == ["user": "b"])
        #expect(try await h.call(.read, "data/app/db", ["version": "1"])?.data?["data"] == ["user": "a"])
        #expect(try await h.call(.read, "data/app/db", ["version": "9"]) == nil)
        let m = try await h.call(.read, "metadata/app/db")?.data
        #expect(m?["current_version"] == 2 && m?["oldest_version"] == 0, "nothing trimmed yet")
        #expect(m?["versions"]?.objectValue?.keys.sorted() == ["1", "2"])
        #expect(try await h.call(.list, "metadata/")?.data == ["keys": ["app/"]])
        #expect(try await h.call(.list, "metadata/app")?.data == ["keys": ["db"]])
        #expect(try await h.call(.read, "data/missing") == nil)
    }

    @Test("check-and-set")
    func cas() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["v": 1], "options": ["cas": 0]])
        await #expect(throws: LogicalError.invalidRequest("check-and-set parameter did not match the current version")) {
            try await h.call(.update, "data/k", ["data": ["v": 2], "options": ["cas": 0]])
        }
        try await h.call(.update, "data/k", ["data": ["v": 2], "options": ["cas": 1]])
        try await h.call(.update, "config", ["cas_required": true])
        await #expect(throws: LogicalError.invalidRequest("check-and-set parameter required for this call")) {
            try await h.call(.update, "data/k", ["data": ["v": 3]])
        }
        #expect(try await h.call(.read, "config")?.data?["cas_required"] == true)
    }

    @Test("patch merges (RFC 7386)")
    func patch() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["a": "1", "b": ["x": 1, "y": 2]]])
        try await h.call(.patch, "data/k", ["data": ["a": .null, "b": ["y": 3], "c": "new"]])
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["b": ["x": 1, "y": 3], "c": "new"])
        await #expect(throws: LogicalError.self) { try await h.call(.patch, "data/none", ["data": ["a": 1]]) }
    }

    @Test("delete, undelete, destroy")
    func lifecycle() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["v": 1]])
        try await h.call(.update, "data/k", ["data": ["v": 2]])
        try await h.call(.delete, "data/k")
        let deleted = try await h.call(.read, "data/k")
        #expect(deleted?.status == 404 && deleted?.data?["data"] == .null)
        #expect(deleted?.data?["metadata"]?["deletion_time"]?.stringValue?.isEmpty == false)
        try await h.call(.update, "undelete/k", ["versions": [2]])
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["v": 2])
        try await h.call(.update, "delete/k", ["versions": ["1"]])
        try await h.call(.update, "destroy/k", ["versions": [1]])
        try await h.call(.update, "undelete/k", ["versions": [1]])
        let v1 = try await h.call(.read, "metadata/k")?.data?["versions"]?["1"]
        #expect(v1?["destroyed"] == true)
        #expect(!h.storage.keys.contains("versions/k/1"), "destroy removes the data")
        try await h.call(.delete, "metadata/k")
        #expect(h.storage.keys.isEmpty)
    }

    @Test("max_versions trims the oldest at the next write")
    func maxVersions() async throws {
        let h = KVHarness()
        try await h.call(.update, "metadata/k", ["max_versions": 2])
        for i in 1...4 { try await h.call(.update, "data/k", ["data": ["v": .int(i)]]) }
        let m = try await h.call(.read, "metadata/k")?.data
        #expect(m?["versions"]?.objectValue?.keys.sorted() == ["3", "4"] && m?["oldest_version"] == 3)
    }

    /// (current_version, oldest_version, first kept version) after each write, as OpenBao 2.7.2
    /// answered with max_versions 2 set after the first write, and with the default of 10.
    @Test("oldest_version follows Vault's arithmetic", arguments: [
        (2, [(1, 0, 1), (2, 1, 1), (3, 2, 2), (4, 3, 3)]),
        (0, [(1, 0, 1), (9, 0, 1), (10, 1, 1), (11, 2, 2)]),
    ])
    func oldestVersion(_ maxVersions: Int, _ expected: [(Int, Int, Int)]) async throws {
        let h = KVHarness()
        var written = 0
        for (current, oldest, first) in expected {
            while written < current {
                written += 1
                try await h.call(.update, "data/k", ["data": ["v": .int(written)]])
                if written == 1 && maxVersions > 0 { try await h.call(.update, "metadata/k", ["max_versions": .int(maxVersions)]) }
            }
            let m = try await h.call(.read, "metadata/k")?.data
            #expect(m?["current_version"] == .int(current) && m?["oldest_version"] == .int(oldest))
            #expect(m?["versions"]?.objectValue?.keys.compactMap { Int($0) }.min() == first)
        }
    }

    @Test("delete_version_after soft-deletes with time")
    func deleteAfter() async throws {
        let h = KVHarness()
        try await h.call(.update, "metadata/k", ["delete_version_after": "1h"])
        try await h.call(.update, "data/k", ["data": ["v": 1]])
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["v": 1])
        h.advance(3601)
        #expect(try await h.call(.read, "data/k")?.status == 404)
    }

    @Test("subkeys show structure without values")
    func subkeys() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["a": "1", "b": ["c": "2"]]])
        #expect(try await h.call(.read, "subkeys/k")?.data?["subkeys"] == ["a": .null, "b": ["c": .null]])
        #expect(try await h.call(.read, "subkeys/k", ["depth": "1"])?.data?["subkeys"] == ["a": .null, "b": .null])
    }

    @Test("parsed metadata is reused only while its stored bytes are unchanged")
    func metadataCacheFollowsStorage() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["v": "1"]])
        try await h.call(.update, "data/k", ["data": ["v": "2"]])
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["v": "2"])  // metadata parsed and cached
        // Storage changed behind the engine's back (another instance, a restore): the old
        // metadata must not be served.
        let stored = try #require(try await h.storage.get("metadata/k"))
        var m = try #require(try KVMetadata.decode(stored: stored.value))
        m.currentVersion = 1
        try await h.storage.put(StorageEntry(key: "metadata/k", value: m.storageBytes))
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["v": "1"])
        try await h.storage.delete("metadata/k")
        #expect(try await h.call(.read, "data/k") == nil)
    }

    @Test("stored metadata reads back as the value written, so a write can keep it decoded")
    func metadataRoundTrip() async throws {
        var m = KVMetadata(createdTime: "2027-01-15T08:00:00.123456789Z")
        m.updatedTime = "2027-01-15T09:30:00.5Z"
        m.currentVersion = 14
        m.currentMetadataVersion = 3
        m.oldestVersion = 5
        m.maxVersions = 10
        m.casRequired = true
        m.deleteVersionAfter = 5430
        m.customMetadata = ["owner": "team-a", "note": "x\"y"]
        m.versions = [13: KVVersion(createdTime: "t13", deletionTime: "t13d"), 14: KVVersion(createdTime: "t14", destroyed: true)]
        #expect(try KVMetadata.decode(stored: m.storageBytes) == m)

        // What a write keeps decoded is what the next write reads, under the bytes it stored.
        let storage = MemoryStorage()
        let kv = KVStore(storage: storage, decoded: DecodedCache(limit: 8))
        try await kv.commit([kv.metadataWrite("k", m)], keeping: m)
        let stored = try #require(try await storage.get("metadata/k"))
        #expect(kv.decoded?.value("metadata/k", storedAs: stored.value) == m)
        #expect(try await kv.metadata("k") == m)
        try await storage.put(StorageEntry(key: "metadata/k", value: KVMetadata(createdTime: "other").storageBytes))
        #expect(try await kv.metadata("k")?.createdTime == "other", "bytes written another way are decoded afresh")
        // A store written before the binary record holds the JSON form; it reads as before.
        try await storage.put(StorageEntry(key: "metadata/k", value: JSONWriter.encode(m.wireJSON)))
        #expect(try await kv.metadata("k") == m)
    }

    @Test("a key whose metadata an earlier version stored as JSON reads, and its next write stores a record")
    func legacyMetadataUpgrades() async throws {
        let h = KVHarness()
        try await h.call(.update, "data/k", ["data": ["v": "1"]])
        try await h.call(.update, "data/k", ["data": ["v": "2"]])
        let stored = try #require(try await h.storage.get("metadata/k"))
        let m = try #require(try KVMetadata.decode(stored: stored.value))
        try await h.storage.put(StorageEntry(key: "metadata/k", value: JSONWriter.encode(m.wireJSON)))
        #expect(try await h.call(.read, "data/k")?.data?["data"] == ["v": "2"])
        #expect(try await h.call(.read, "data/k", ["version": "1"])?.data?["data"] == ["v": "1"])

        try await h.call(.update, "data/k", ["data": ["v": "3"]])
        let upgraded = try #require(try await h.storage.get("metadata/k"))
        #expect(upgraded.value.first == KVMetadata.recordFormat)
        let after = try #require(try KVMetadata.decode(stored: upgraded.value))
        #expect(after.currentVersion == 3)
        #expect(after.versions[1] == m.versions[1] && after.versions[2] == m.versions[2])
        #expect(after.createdTime == m.createdTime)
    }

    @Test("bad input is a 400")
    func badInput() async throws {
        let h = KVHarness()
        await #expect(throws: LogicalError.invalidRequest("no data provided")) { try await h.call(.update, "data/k", [:]) }
        await #expect(throws: LogicalError.self) { try await h.call(.update, "config", ["max_versions": "lots"]) }
        await #expect(throws: LogicalError.self) { try await h.call(.update, "undelete/k", ["versions": ["x"]]) }
    }
}

@Suite struct KVv1Tests {
    @Test("write, read, list, delete")
    func basics() async throws {
        let storage = MemoryStorage()
        let backend = KVEngine.make(version: "1", now: { Date() })
        func call(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:]) async throws -> LogicalResponse? {
            try await backend.handle(LogicalRequest(operation: op, path: path, data: data, storage: storage))
        }
        _ = try await call(.update, "a/b", ["k": "v", "n": 1])
        #expect(try await call(.read, "a/b")?.data == ["k": "v", "n": 1])
        #expect(try await call(.list, "a/")?.data == ["keys": ["b"]])
        _ = try await call(.delete, "a/b")
        #expect(try await call(.read, "a/b") == nil)
        await #expect(throws: LogicalError.self) { try await call(.update, "a/b", [:]) }
    }
}
