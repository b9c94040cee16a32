import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// Runs one of the HTTP layer's own sys endpoints through the core's request path: token lookup,
/// CIDR bindings, ACL (with `sudo` where the endpoint needs it), audit request entry (fail closed),
/// the endpoint's work, audit response entry. The work returns a `LogicalResponse` for the audit
/// log; the endpoint renders it in its own wire shape.
struct OperatorRequest {
    let core: Core

    /// Runs `body` as `operation` on `path` for `request`'s caller, with `data` (the parsed body)
    /// in the audit entry. Returns `body`'s response and the request id it was audited under.
    func run(
        _ request: Request, _ context: ArcaRequestContext, _ operation: Operation, _ path: String,
        data: [String: JSONValue] = [:], rootProtected: Bool = true, body: () async throws -> LogicalResponse?
    ) async throws -> (response: LogicalResponse?, requestID: String) {
        let requestID = UUIDString.random(core.configuration.entropy)
        let response = try await RequestHandler(core: core).handle(
            operation: operation, path: path, data: data, token: request.clientToken, requestID: requestID,
            remoteAddress: context.remoteAddress?.ipAddress, rootProtected: rootProtected, body: body)
        return (response, requestID)
    }
}

extension Request {
    /// The body as a JSON object for an audit entry and a typed decoder; empty reads as `{}`.
    mutating func jsonObject(context: ArcaRequestContext) async throws -> [String: JSONValue] {
        let value = try await jsonBody(context: context)
        return value.objectValue ?? [:]
    }
}
