import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// `sys/seal-status`, `sys/unseal` and `sys/seal`.
struct SealEndpoints {
    let core: Core

    var sealStatus: EndpointHandlers {
        EndpointHandlers().on("GET") { _, _ in JSONResponse.make(try await core.sealStatus().json) }
    }

    var unseal: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, context in
            var request = request
            let body = try UnsealRequest(json: try await request.jsonBody(context: context))
            guard try await core.sealManager.isInitialized() else { throw SealError.notInitialized }
            if body.reset {
                _ = try await core.sealManager.resetUnseal()
            } else {
                guard let key = body.key, !key.isEmpty else {
                    throw LogicalError.invalidRequest(
                        "'key' must be specified in request body as JSON, or 'reset' set to true")
                }
                _ = try await core.unsealThrottle.submit(from: context.remoteAddress?.unsealClient) {
                    try await core.sealManager.submitUnsealKey(key, migrate: body.migrate)
                }
            }
            return JSONResponse.make(try await core.sealStatus().json)
        }
    }

    var seal: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, context in
            // The response entry is written before the seal: sealing closes the audit devices.
            _ = try await OperatorRequest(core: core).run(request, context, .update, "sys/seal") { nil }
            await core.sealManager.sealNow()
            return JSONResponse.noContent()
        }
    }
}
