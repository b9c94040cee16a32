import ArcaCore
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Hummingbird
import Logging

/// `sys/key-status` and `sys/rotate`: the barrier keyring.
struct KeyringEndpoints {
    let core: Core

    var keyStatus: EndpointHandlers {
        EndpointHandlers().on("GET") { request, _ in
            try await core.requireSudo(request.clientToken, operation: .read, path: "sys/key-status")
            let s = try core.barrier.keyStatus()
            let data = KeyStatus(term: Int(s.term), installTime: s.installTime.rfc3339Nano, encryptions: s.encryptions)
            // Vault's legacy sys handlers repeat the data members at the top level.
            let envelope = ResponseEnvelope(
                requestID: UUIDString.random(core.configuration.entropy), data: data.json,
                topLevel: data.json.objectValue ?? [:])
            return JSONResponse.make(envelope.json)
        }
    }

    var rotate: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, _ in
            try await core.requireSudo(request.clientToken, path: "sys/rotate")
            let term = try await core.barrier.rotate()
            core.configuration.logger.info("installed new encryption key", metadata: ["term": "\(term)"])
            return JSONResponse.noContent()
        }
    }
}
