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

    private func status() async throws -> Response {
        let s = try await core.sealManager.rekeyState()
        return JSONResponse.make(Self.wire(s).json)
    }

    static func wire(_ s: RekeyState) -> RekeyStatus {
        RekeyStatus(started: s.started, nonce: s.nonce, threshold: s.newThreshold, shares: s.newShares,
                    progress: s.progress, required: s.required)
    }

    var initialize: EndpointHandlers {
        EndpointHandlers()
            .on("GET") { request, _ in
                try await core.requireSudo(request.clientToken, path: "sys/rekey/init")
                return try await status()
            }
            .on("PUT", "POST") { request, context in
                try await core.requireSudo(request.clientToken, path: "sys/rekey/init")
                var request = request
                let body = try RekeyInitRequest(json: try await request.jsonBody(context: context))
                if !(body.pgpKeys ?? []).isEmpty || body.backup {
                    throw LogicalError.invalidRequest("PGP-encrypted key shares are not supported by this server")
                }
                if body.requireVerification {
                    throw LogicalError.invalidRequest("rekey verification is not supported by this server")
                }
                _ = try await core.sealManager.startRekey(shares: body.secretShares, threshold: body.secretThreshold)
                return try await status()
            }
            .on("DELETE") { request, _ in
                try await core.requireSudo(request.clientToken, path: "sys/rekey/init")
                await core.sealManager.cancelRekey()
                return JSONResponse.noContent()
            }
    }

    var update: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, context in
            try await core.requireSudo(request.clientToken, path: "sys/rekey/init")
            var request = request
            let body = try RekeyUpdateRequest(json: try await request.jsonBody(context: context))
            guard !body.key.isEmpty else { throw LogicalError.invalidRequest("'key' must be specified in request body as JSON") }
            switch try await core.sealManager.updateRekey(key: body.key, nonce: body.nonce) {
            case .progress(let s):
                return JSONResponse.make(Self.wire(s).json)
            case .complete(let nonce, let shares):
                let result = RekeyResult(nonce: nonce, keys: shares.map(Hex.encode), keysBase64: shares.map(Base64.encode))
                return JSONResponse.make(result.json)
            }
        }
    }
}
