import ArcaWire
import Hummingbird
import Logging

/// Renders every error as Vault does: `{"errors":[...]}` (with `data` when present) and the
/// status from `HTTPStatusMapping`. Unknown errors become 500 and are logged, never echoed.
package struct VaultErrorMiddleware: RouterMiddleware {
    package typealias Context = ArcaRequestContext

    package init() {}

    @concurrent package func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let wire = HTTPStatusMapping.wireError(for: error)
            if wire.status == .internalServerError {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            let body = ErrorEnvelope(errors: wire.errors, data: wire.data).json
            return JSONResponse.make(body, status: wire.status, includeBody: request.method != .head)
        }
    }
}
