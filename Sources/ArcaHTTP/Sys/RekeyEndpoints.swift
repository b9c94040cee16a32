import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// `sys/rekey/init` and `sys/rekey/update`: replace the unseal key shares.
///
/// Vault serves these unauthenticated; OpenBao has turned that off by default because anyone
/// could cancel an operator's rekey. Arca serves them to root-token holders only.
struct RekeyEndpoints {
    let core: Core

    static func wire(_ s: RekeyState) -> RekeyStatus {
        RekeyStatus(started: s.started, nonce: s.nonce, threshold: s.newThreshold, shares: s.newShares,
                    progress: s.progress, required: s.required)
    }

    /// Runs `body` as `operation` on the rekey path (sudo required) and answers its data bare, as
    /// Vault's rekey endpoints do; no data is 204.
    private func run(
        _ request: Request, _ context: ArcaRequestContext, _ operation: Operation, data: [String: JSONValue] = [:],
        body: () async throws -> JSONValue?
    ) async throws -> Response {
        let (response, _) = try await OperatorRequest(core: core).run(
            request, context, operation, "sys/rekey/init", data: data
        ) {
            try await body().map { LogicalResponse(data: $0.objectValue ?? [:]) }
        }
        guard let data = response?.data else { return JSONResponse.noContent() }
        return JSONResponse.make(.object(data))
    }

    private func status() async throws -> JSONValue { Self.wire(try await core.sealManager.rekeyState()).json }

    var initialize: EndpointHandlers {
        EndpointHandlers()
            .on("GET") { request, context in
                try await run(request, context, .read) { try await status() }
            }
            .on("PUT", "POST") { request, context in
                var request = request
                let data = try await request.jsonObject(context: context)
                return try await run(request, context, .update, data: data) {
                    let body = try RekeyInitRequest(json: .object(data))
                    if !(body.pgpKeys ?? []).isEmpty || body.backup {
                        throw LogicalError.invalidRequest("PGP-encrypted key shares are not supported by this server")
                    }
                    if body.requireVerification {
                        throw LogicalError.invalidRequest("rekey verification is not supported by this server")
                    }
                    _ = try await core.sealManager.startRekey(shares: body.secretShares, threshold: body.secretThreshold)
                    return try await status()
                }
            }
            .on("DELETE") { request, context in
                try await run(request, context, .delete) {
                    await core.sealManager.cancelRekey()
                    return nil
                }
            }
    }

    var update: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, context in
            var request = request
            let data = try await request.jsonObject(context: context)
            return try await run(request, context, .update, data: data) {
                let body = try RekeyUpdateRequest(json: .object(data))
                guard !body.key.isEmpty else {
                    throw LogicalError.invalidRequest("'key' must be specified in request body as JSON")
                }
                switch try await core.sealManager.updateRekey(key: body.key, nonce: body.nonce) {
                case .progress(let s):
                    return Self.wire(s).json
                case .complete(let nonce, let shares):
                    return RekeyResult(nonce: nonce, keys: shares.map(Hex.encode), keysBase64: shares.map(Base64.encode)).json
                }
            }
        }
    }
}
