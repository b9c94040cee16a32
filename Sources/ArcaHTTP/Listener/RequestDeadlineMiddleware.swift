import ArcaSDK
import Hummingbird

/// Vault's `max_request_duration`: a request still running after `limit` is cancelled and
/// answered 500 `context deadline exceeded` (Vault cancels the request's context; the error text
/// is Go's for a passed deadline). Cancellation stops the work wherever it awaits something
/// cancellable (timers, network clients); the answer comes once the work has stopped, and a
/// request that finishes with a response despite the cancellation is answered with it.
///
/// Each request runs in a task of its own that a `RequestReaper` can cancel; the reaper checks
/// the running requests a few times per limit, so no request sets a timer of its own (a timer per
/// request cost about 60 µs to arm and cancel, an extra task about 2.5 µs).
package struct RequestDeadlineMiddleware: RouterMiddleware {
    package typealias Context = ArcaRequestContext

    static let exceeded = LogicalError.coded(status: 500, message: "context deadline exceeded")

    let reaper: RequestReaper

    package init(limit: Duration) { reaper = RequestReaper(limit: limit) }

    @concurrent package func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await withoutActuallyEscaping(next) { next in
            // The task is awaited before `withoutActuallyEscaping` returns, and only that task
            // calls `next`.
            let work = UncheckedBox(next)
            let task = Task { try await work.value(request, context) }
            let id = reaper.track(task)
            let result: Result<Response, any Error>
            do {
                result = .success(try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() })
            } catch {
                result = .failure(error)
            }
            let expired = reaper.finish(id)
            switch result {
            case .success(let response): return response
            case .failure(let error): throw expired ? Self.exceeded : error
            }
        }
    }
}

/// Carries a non-Sendable value into one task whose lifetime is bounded by the caller's.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
