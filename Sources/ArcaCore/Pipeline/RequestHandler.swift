import ArcaSDK
import ArcaWire

/// The logical request path, in order: sealed check → token → authorization → route by longest
/// mount prefix → create-or-update by existence check → backend.
///
/// Authorization is root-only until ACL policies land: only root tokens exist so far.
package struct RequestHandler: Sendable {
    let core: Core

    package init(core: Core) { self.core = core }

    package func handle(
        operation: Operation, path: String, data: [String: JSONValue], token: String?, requestID: String,
        remoteAddress: String?
    ) async throws -> LogicalResponse? {
        if core.isSealed { throw LogicalError.sealed }
        guard let token, let entry = try await core.tokens.lookup(token) else { throw LogicalError.permissionDenied }
        guard entry.isRoot else { throw LogicalError.permissionDenied }
        guard let (route, relative) = core.mounts.table.match(path) else { throw LogicalError.unsupportedPath }
        var request = LogicalRequest(
            id: requestID, operation: operation, path: relative, data: data,
            storage: core.barrier.view(route.entry.storagePrefix), mount: route.entry.info, remoteAddress: remoteAddress)
        if operation == .update, let exists = try await route.backend.existenceCheck(request), !exists {
            request.operation = .create
        }
        return try await route.backend.handle(request)
    }
}
