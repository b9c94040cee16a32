import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// `sys/init`: whether the server is initialized, and initializing it.
struct InitEndpoint {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers()
            .on("GET") { _, _ in
                JSONResponse.make(["initialized": .bool(try await core.sealManager.isInitialized())])
            }
            .on("PUT", "POST") { request, context in
                var request = request
                let body = try InitRequest(json: try await request.jsonBody(context: context))
                if !(body.pgpKeys ?? []).isEmpty || !(body.rootTokenPGPKey ?? "").isEmpty {
                    throw LogicalError.invalidRequest("PGP-encrypted key shares are not supported by this server")
                }
                let result = try await core.sealManager.initialize(
                    shares: body.secretShares, threshold: body.secretThreshold, recoveryShares: body.recoveryShares,
                    recoveryThreshold: body.recoveryThreshold)
                var response = InitResponse(
                    keys: result.shares.map(Hex.encode), keysBase64: result.shares.map(Base64.encode),
                    rootToken: result.rootToken)
                if !result.recoveryShares.isEmpty {
                    response.recoveryKeys = result.recoveryShares.map(Hex.encode)
                    response.recoveryKeysBase64 = result.recoveryShares.map(Base64.encode)
                }
                return JSONResponse.make(response.json)
            }
    }
}
