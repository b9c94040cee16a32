import ArcaAuthJWT
import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Testing

/// A JWT auth mount driven as the core drives it: requests straight to the backend, with
/// in-memory storage, a settable clock and a fake identity provider for HTTP.
struct JWTHarness {
    let storage = MemoryStorage()
    let clock = TestClock()
    let idp: FakeIdentityProvider
    let backend: any Backend

    init(issuer: String = CITokens.githubIssuer) {
        let idp = FakeIdentityProvider(issuer: issuer)
        let clock = self.clock
        self.idp = idp
        backend = JWTAuthMethod.make(http: idp, now: { Date(timeIntervalSince1970: clock.now) })
    }

    var now: Double { clock.now }

    func request(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], remote: String? = nil)
        -> LogicalRequest
    {
        LogicalRequest(
            operation: op, path: path, data: data, storage: storage,
            mount: MountInfo(path: "auth/jwt/", type: "jwt", accessor: "auth_jwt_0a1b2c3d"), remoteAddress: remote)
    }

    @discardableResult
    func write(_ path: String, _ data: [String: JSONValue]) async throws -> LogicalResponse? {
        let exists = try await backend.existenceCheck(request(.update, path, data)) ?? true
        return try await backend.handle(request(exists ? .update : .create, path, data))
    }

    func read(_ path: String) async throws -> [String: JSONValue]? {
        try await backend.handle(request(.read, path))?.data
    }

    func list(_ path: String) async throws -> [String] {
        try await backend.handle(request(.list, path))?.data?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    func login(_ role: String?, _ jwt: String, remote: String? = nil) async throws -> AuthResult {
        var data: [String: JSONValue] = ["jwt": .string(jwt)]
        if let role { data["role"] = .string(role) }
        let response = try await backend.handle(request(.update, "login", data, remote: remote))
        return try #require(response?.login)
    }

    /// The error a login fails with (`nil` when it succeeds).
    func loginError(_ role: String?, _ jwt: String, remote: String? = nil) async -> LogicalError? {
        do {
            _ = try await login(role, jwt, remote: remote)
            return nil
        } catch let e as LogicalError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// The error a write fails with (`nil` when it succeeds).
    func writeError(_ path: String, _ data: [String: JSONValue]) async -> LogicalError? {
        do {
            try await write(path, data)
            return nil
        } catch let e as LogicalError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}
