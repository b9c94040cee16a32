import ArcaSDK
import HTTPTypes
import Hummingbird

/// Refuses a request whose declared `Content-Length` exceeds the listener's `max_request_size`
/// before any handler (or the sealed check) runs, and hands the limit on in the context: bodies
/// without a length are bounded where they are read.
package struct RequestSizeMiddleware: RouterMiddleware {
    package typealias Context = ArcaRequestContext

    /// Bytes; `nil`: no limit.
    let limit: Int?

    package init(limit: Int? = ArcaRequestContext.maxRequestSize) { self.limit = limit }

    @concurrent package func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxRequestBytes = limit ?? Int.max
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > context.maxUploadSize {
            throw LogicalError.requestTooLarge
        }
        return try await next(request, context)
    }
}
