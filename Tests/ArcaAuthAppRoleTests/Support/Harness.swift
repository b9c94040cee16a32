@testable import ArcaAuthAppRole
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Synchronization

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func read() -> Date { now.withLock { $0 } }
    func advance(_ seconds: Double) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Drives an AppRole backend as the core would: existence check first, so a write to a new role
/// is a create.
struct Harness {
    let backend: AppRoleBackend
    let router: PathRouter
    let storage: MemoryStorage
    let clock = TestClock()

    init(yieldingStorage: Bool = false) {
        storage = MemoryStorage(yielding: yieldingStorage)
        let clock = self.clock
        backend = AppRoleBackend(now: { clock.read() })
        router = backend.router
    }

    @discardableResult
    func call(
        _ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], from address: String? = "127.0.0.1"
    ) async throws -> LogicalResponse? {
        var req = LogicalRequest(operation: op, path: path, data: data, storage: storage, remoteAddress: address)
        if op == .update, let exists = try await router.existenceCheck(req), !exists { req.operation = .create }
        return try await router.handle(req)
    }

    /// The error a call throws, or `nil` when it succeeds.
    func error(
        _ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], from address: String? = "127.0.0.1"
    ) async -> LogicalError? {
        do {
            try await call(op, path, data, from: address)
            return nil
        } catch let e as LogicalError {
            return e
        } catch {
            return .invalidRequest("unexpected \(error)")
        }
    }

    func data(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:]) async throws -> [String: JSONValue] {
        guard let d = try await call(op, path, data)?.data else { throw LogicalError.invalidRequest("no data from \(path)") }
        return d
    }

    func roleID(_ role: String) async throws -> String {
        try await data(.read, "role/\(role)/role-id")["role_id"]?.stringValue ?? ""
    }

    /// A new secret id of `role`: (secret id, accessor).
    func secretID(_ role: String, _ data: [String: JSONValue] = [:]) async throws -> (String, String) {
        let d = try await self.data(.update, "role/\(role)/secret-id", data)
        return (d["secret_id"]?.stringValue ?? "", d["secret_id_accessor"]?.stringValue ?? "")
    }

    func login(_ roleID: String, _ secretID: String?, from address: String? = "127.0.0.1") async throws -> AuthResult {
        var body: [String: JSONValue] = ["role_id": .string(roleID)]
        if let secretID { body["secret_id"] = .string(secretID) }
        guard let login = try await call(.update, "login", body, from: address)?.login else {
            throw LogicalError.invalidRequest("no login in response")
        }
        return login
    }
}
