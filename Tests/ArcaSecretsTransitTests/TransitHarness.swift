import ArcaSDK
@testable import ArcaSecretsTransit
import ArcaWire
import FoundationEssentials
import Synchronization

/// Logical storage in memory that counts writes (no barrier, no HTTP).
final class CountingStorage: Storage {
    private let entries = Mutex<[String: [UInt8]]>([:])
    private let writeCount = Mutex(0)
    var writes: Int { writeCount.withLock { $0 } }

    func get(_ key: String) async throws -> StorageEntry? { entries.withLock { $0[key] }.map { StorageEntry(key: key, value: $0) } }
    func put(_ entry: StorageEntry) async throws {
        writeCount.withLock { $0 += 1 }
        entries.withLock { $0[entry.key] = entry.value }
    }
    func delete(_ key: String) async throws {
        writeCount.withLock { $0 += 1 }
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
    func list(prefix: String) async throws -> [String] {
        let keys = entries.withLock { Array($0.keys) }.filter { $0.hasPrefix(prefix) }
        return Set(keys.map { k -> String in
            let rest = k.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { return String(rest[...slash]) }
            return String(rest)
        }).sorted()
    }
}

final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func read() -> Date { now.withLock { $0 } }
    func advance(_ seconds: Double) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Drives one transit mount directly, as the core would.
struct TransitHarness {
    let backend: any Backend
    let storage = CountingStorage()
    let clock = TestClock()

    init() {
        let clock = self.clock
        backend = TransitEngine.make(now: { clock.read() })
    }

    @discardableResult
    func call(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:]) async throws -> LogicalResponse? {
        try await backend.handle(LogicalRequest(operation: op, path: path, data: data, storage: storage))
    }

    func write(_ path: String, _ data: [String: JSONValue] = [:]) async throws -> [String: JSONValue] {
        try await call(.update, path, data)?.data ?? [:]
    }

    /// The message of the 400 that `path` answers, or nil when it succeeds.
    func refusal(_ path: String, _ data: [String: JSONValue] = [:]) async -> String? {
        do {
            _ = try await call(.update, path, data)
            return nil
        } catch LogicalError.invalidRequest(let m) {
            return m
        } catch {
            return "unexpected: \(error)"
        }
    }

    func periodic() async throws {
        try await backend.periodic(LogicalRequest(operation: .update, path: "", storage: storage))
    }
}

func b64(_ s: String) -> JSONValue { .string(Data(s.utf8).base64EncodedString()) }
func unb64(_ v: JSONValue?) -> String? { v?.stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } }
