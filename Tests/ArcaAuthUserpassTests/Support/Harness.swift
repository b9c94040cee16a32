import ArcaSDK
@testable import ArcaAuthUserpass
import ArcaWire

/// Drives a userpass backend as the core would: existence check first, so a write to a new user
/// is a create.
struct Harness {
    let backend: any Backend
    let storage = MemoryStorage()

    /// bcrypt cost 4 keeps the tests fast; one test uses the default cost.
    init(cost: Int = 4) { backend = UserpassBackend(cost: cost).router }

    @discardableResult
    func call(
        _ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], from address: String? = "127.0.0.1"
    ) async throws -> LogicalResponse? {
        var req = LogicalRequest(operation: op, path: path, data: data, storage: storage, remoteAddress: address)
        if op == .update, let exists = try await backend.existenceCheck(req), !exists { req.operation = .create }
        return try await backend.handle(req)
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

    func login(_ user: String, _ password: String, from address: String? = "127.0.0.1") async throws -> AuthResult {
        let r = try await call(.update, "login/\(user)", ["password": .string(password)], from: address)
        guard let login = r?.login else { throw LogicalError.invalidRequest("no login in response") }
        return login
    }
}
