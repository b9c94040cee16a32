import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// `sys/rotate/root/init` and `sys/rotate/root/update`: OpenBao's authenticated form of rekey
/// (`bao operator rotate-keys`). Same seal-manager flow as `sys/rekey`, answered in the standard
/// response envelope with the payload under `data`.
struct RootRotationEndpoints {
    let core: Core

    /// Runs `body` as `operation` on the rotation path (sudo required) and answers its data in
    /// the standard envelope; no data is 204.
    private func run(
        _ request: Request, _ context: ArcaRequestContext, _ operation: Operation, data: [String: JSONValue] = [:],
        body: () async throws -> JSONValue?
    ) async throws -> Response {
        let (response, requestID) = try await OperatorRequest(core: core).run(
            request, context, operation, "sys/rotate/root", data: data
        ) {
            try await body().map { LogicalResponse(data: $0.objectValue ?? [:]) }
        }
        guard let data = response?.data else { return JSONResponse.noContent() }
        return JSONResponse.make(ResponseEnvelope(requestID: requestID, data: .object(data)).json)
    }

    static func data(_ s: RekeyState) -> JSONValue {
        guard s.started else {
            return ["n": 0, "required": .int(s.required), "started": false, "t": 0]
        }
        return [
            "n": .int(s.newShares), "nonce": .string(s.nonce), "progress": .int(s.progress),
            "required": .int(s.required), "started": true, "t": .int(s.newThreshold),
            "verification_nonce": "", "verification_required": false,
        ]
    }

    /// The rekey flow's errors in this API's words.
    private func reworded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch SealError.rekeyInProgress {
            throw LogicalError.invalidRequest("rotation already in progress")
        } catch SealError.noRekeyInProgress {
            throw LogicalError.invalidRequest("no rotation in progress")
        } catch SealError.nonceMismatch {
            throw LogicalError.invalidRequest("incorrect nonce supplied; nonce for this rotation is different")
        }
    }

    var initialize: EndpointHandlers {
        EndpointHandlers()
            .on("GET") { request, context in
                try await run(request, context, .read) { Self.data(try await core.sealManager.rekeyState()) }
            }
            .on("PUT", "POST") { request, context in
                var request = request
                let data = try await request.jsonObject(context: context)
                return try await run(request, context, .update, data: data) {
                    let body = try RekeyInitRequest(json: .object(data))
                    if !(body.pgpKeys ?? []).isEmpty || body.backup || body.requireVerification {
                        throw LogicalError.invalidRequest("PGP-encrypted shares and verification are not supported by this server")
                    }
                    let state = try await reworded {
                        try await core.sealManager.startRekey(shares: body.secretShares, threshold: body.secretThreshold)
                    }
                    return Self.data(state)
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
                switch try await reworded({ try await core.sealManager.updateRekey(key: body.key, nonce: body.nonce) }) {
                case .progress(let s):
                    return Self.data(s)
                case .complete(let nonce, let shares):
                    return [
                        "backup": false, "complete": true, "keys": .strings(shares.map(Hex.encode)),
                        "keys_base64": .strings(shares.map(Base64.encode)), "nonce": .string(nonce),
                        "pgp_fingerprints": .null, "verification_nonce": "", "verification_required": false,
                    ]
                }
            }
        }
    }
}
