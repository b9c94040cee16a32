import ArcaAuthKubernetes
import ArcaAuthTesting
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Synchronization
import Testing

/// A Kubernetes auth mount driven as the core drives it, against a fake API server.
struct KubernetesHarness {
    let storage = MemoryStorage()
    let clock = TestClock()
    let api = FakeKubernetesAPI()
    let pod = PodBox()
    let backend: any Backend

    init() {
        let clock = self.clock
        let pod = self.pod
        backend = KubernetesAuthMethod.make(
            http: api, now: { Date(timeIntervalSince1970: clock.now) }, podCredentials: { pod.value })
    }

    var now: Double { clock.now }

    func request(_ op: ArcaSDK.Operation, _ path: String, _ data: [String: JSONValue] = [:], remote: String? = nil)
        -> LogicalRequest
    {
        LogicalRequest(
            operation: op, path: path, data: data, storage: storage,
            mount: MountInfo(path: "auth/kubernetes/", type: "kubernetes", accessor: "auth_kubernetes_5e6f7a8b"),
            remoteAddress: remote)
    }

    @discardableResult
    func write(_ path: String, _ data: [String: JSONValue]) async throws -> LogicalResponse? {
        let exists = try await backend.existenceCheck(request(.update, path, data)) ?? true
        return try await backend.handle(request(exists ? .update : .create, path, data))
    }

    func read(_ path: String) async throws -> [String: JSONValue]? { try await backend.handle(request(.read, path))?.data }

    func login(_ role: String, _ jwt: String, remote: String? = nil) async throws -> AuthResult {
        let response = try await backend.handle(request(.update, "login", ["role": .string(role), "jwt": .string(jwt)], remote: remote))
        return try #require(response?.login)
    }

    func loginError(_ role: String, _ jwt: String, remote: String? = nil) async -> LogicalError? {
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

/// The pod credentials the method sees, settable by a test.
final class PodBox: Sendable {
    private let m = Mutex(PodCredentials())
    var value: PodCredentials { m.withLock { $0 } }
    func set(_ p: PodCredentials) { m.withLock { $0 = p } }
}
