import ArcaCore
import ArcaSDK
import Hummingbird

/// Every `/v1/...` path without an endpoint of its own: sealed → 503, no valid token → 403,
/// otherwise 404 `unsupported path` until mounts route it.
struct LogicalFallback {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers().on("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "LIST", "SCAN", "OPTIONS") { request, context in
            // The size limit is checked before anything else, sealed or not, as Vault does.
            var request = request
            _ = try await request.limitedBody(context: context)
            if core.isSealed { throw LogicalError.sealed }
            guard let token = request.clientToken, try await core.tokens.lookup(token) != nil else {
                throw LogicalError.permissionDenied
            }
            throw LogicalError.unsupportedPath
        }
    }
}
