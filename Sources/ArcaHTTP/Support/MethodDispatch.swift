import Hummingbird

/// Registers one endpoint for every method a Vault client may send, dispatching on the
/// original method and answering 405 `{"errors":[]}` to the rest, as Vault's sys handlers do.
package struct EndpointHandlers: Sendable {
    package typealias Handler = @Sendable (Request, ArcaRequestContext) async throws -> Response

    private var handlers: [String: Handler] = [:]

    package init() {}

    package func on(_ methods: String..., handler: @escaping Handler) -> EndpointHandlers {
        var copy = self
        for m in methods { copy.handlers[m] = handler }
        return copy
    }

    static let allMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Installs the endpoint at `path` on `router`.
    package func register(_ path: RouterPath, on router: Router<ArcaRequestContext>) {
        let table = handlers
        for method in Self.allMethods {
            router.on(path, method: method) { request, context in
                guard let handler = table[request.vaultMethod] else {
                    throw HTTPError(.methodNotAllowed)
                }
                return try await handler(request, context)
            }
        }
    }
}
