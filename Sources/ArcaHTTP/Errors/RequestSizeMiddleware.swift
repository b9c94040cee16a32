import ArcaSDK
import HTTPTypes
import Hummingbird

/// Refuses a request whose declared `Content-Length` exceeds the limit before any handler (or
/// the sealed check) runs. Bodies without a length are bounded where they are read.
package struct RequestSizeMiddleware: RouterMiddleware {
    package typealias Context = ArcaRequestContext

    package init() {}

    @concurrent package func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > context.maxUploadSize {
            throw LogicalError.requestTooLarge
        }
        return try await next(request, context)
    }
}
