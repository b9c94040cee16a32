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
                if body.recoveryShares > 0 || body.recoveryThreshold > 0 {
                    throw LogicalError.invalidRequest(
                        "parameters recovery_shares,recovery_threshold not applicable to seal type shamir")
                }
                if !(body.pgpKeys ?? []).isEmpty || !(body.rootTokenPGPKey ?? "").isEmpty {
                    throw LogicalError.invalidRequest("PGP-encrypted key shares are not supported by this server")
                }
                let result = try await core.sealManager.initialize(
                    shares: body.secretShares, threshold: body.secretThreshold)
                let response = InitResponse(
                    keys: result.shares.map(Hex.encode), keysBase64: result.shares.map(Base64.encode),
                    rootToken: result.rootToken)
                return JSONResponse.make(response.json)
            }
    }
}
