import ArcaSDK
import Hummingbird

/// Vault's `max_request_duration`: a request still running after `limit` is cancelled and
/// answered 500 `context deadline exceeded` (Vault cancels the request's context; the error text
/// is Go's for a passed deadline). Cancellation stops the work wherever it awaits something
/// cancellable (timers, network clients); the answer comes once the work has stopped.
package struct RequestDeadlineMiddleware: RouterMiddleware {
    package typealias Context = ArcaRequestContext

    static let exceeded = LogicalError.coded(status: 500, message: "context deadline exceeded")

    let limit: Duration

    package init(limit: Duration) { self.limit = limit }

    @concurrent package func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await withoutActuallyEscaping(next) { next in
            // The group ends before `withoutActuallyEscaping` returns, and only the first child
            // calls `next`: the closure is used by one task at a time.
            let work = UncheckedBox(next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await work.value(request, context) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                do {
                    guard let first = try await group.next(), let response = first else { throw Self.exceeded }
                    return response
                } catch is CancellationError {
                    // The work saw the cancellation first (the sleeper's `nil` lost the race).
                    throw Self.exceeded
                }
            }
        }
    }
}

/// Carries a non-Sendable value into one child task whose lifetime is bounded by the caller's.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
