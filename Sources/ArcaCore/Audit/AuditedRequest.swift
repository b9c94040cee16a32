import ArcaSDK
import ArcaWire
import Synchronization

/// One request's audit trail through the pipeline. The pipeline tells it what it learns (the
/// token, the route, the final operation) and calls `logRequest()` once authentication and the
/// ACL have passed, just before the backend runs; `record` wraps the whole request so that the
/// response entry (or the error entries of a refused request) is written on the way out.
///
/// When no device is enabled every call returns at once.
package final class AuditedRequest: Sendable {
    private struct State {
        /// The caller's token entry once resolved; its audit form is built only when logged.
        var token: TokenEntry?
        var request: AuditRequest
        var auth: AuditAuth { token.map { AuditAuth(token: $0, id: request.clientToken) } ?? AuditAuth() }
        var requestLogged = false
        /// Set when auditing itself refused the request: nothing more is logged for it.
        var auditFailed = false
    }

    private let broker: AuditBroker
    private let state: Mutex<State>

    package init(
        broker: AuditBroker, id: String, operation: Operation, path: String, data: [String: JSONValue], clientToken: String?,
        remoteAddress: String?, wrapTTL: Int = 0
    ) {
        self.broker = broker
        var request = AuditRequest(id: id, operation: operation, path: path, data: data)
        request.clientToken = clientToken ?? ""
        request.remoteAddress = remoteAddress ?? ""
        request.wrapTTL = Int64(wrapTTL)
        state = Mutex(State(request: request))
    }

    /// The caller's token resolved to `entry`.
    package func authenticated(_ entry: TokenEntry) {
        state.withLock {
            $0.token = entry
            $0.request.clientTokenAccessor = entry.accessor
        }
    }

    /// The request was routed to `mount`.
    package func routed(to mount: MountInfo) { state.withLock { $0.request.route(to: mount) } }

    /// The operation after the existence check (`update` may have become `create`).
    package func operation(_ operation: Operation) { state.withLock { $0.request.operation = operation } }

    /// Writes the request entry; throws `AuditError` (the request must not run) when devices are
    /// enabled and none recorded it.
    package func logRequest() async throws {
        guard broker.isEnabled else { return }
        let (auth, request) = state.withLock { ($0.auth, $0.request) }
        do {
            try await broker.logRequest(auth: auth, request: request, error: nil)
            state.withLock { $0.requestLogged = true }
        } catch {
            state.withLock { $0.auditFailed = true }
            throw error
        }
    }

    /// Runs the rest of the pipeline and audits its outcome: the response entry on success (the
    /// response is withheld if no device records it), or, on failure, the request entry if it
    /// was not written yet and a response entry, both carrying the error.
    package func record(_ body: () async throws -> LogicalResponse?) async throws -> LogicalResponse? {
        let response: LogicalResponse?
        do {
            response = try await body()
        } catch {
            try await logFailure(error)
            throw error
        }
        guard broker.isEnabled else { return response }
        let (auth, request) = state.withLock { ($0.auth, $0.request) }
        try await broker.logResponse(
            auth: auth, request: request, response: AuditResponse(response, mount: request), error: nil)
        return response
    }

    private func logFailure(_ error: any Error) async throws {
        guard broker.isEnabled else { return }
        let (auth, request, logged, failed) = state.withLock { ($0.auth, $0.request, $0.requestLogged, $0.auditFailed) }
        if failed { return }
        let message = Self.message(error)
        if !logged { try await broker.logRequest(auth: auth, request: request, error: message) }
        var response = AuditResponse(nil, mount: request)
        response.data = ["error": .string(message)]
        try await broker.logResponse(auth: auth, request: request, response: response, error: message)
    }

    /// The error as the audit log shows it: the text clients get, never internal details.
    static func message(_ error: any Error) -> String {
        switch error {
        case let e as LogicalError: e.description
        default: "internal error"
        }
    }
}
