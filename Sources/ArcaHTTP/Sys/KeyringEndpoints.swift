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
        EndpointHandlers().on("GET") { request, context in
            // A read without sudo, as in Vault and OpenBao.
            let (response, requestID) = try await OperatorRequest(core: core).run(
                request, context, .read, "sys/key-status", rootProtected: false
            ) {
                let s = try core.barrier.keyStatus()
                let data = KeyStatus(term: Int(s.term), installTime: s.installTime.rfc3339Nano, encryptions: s.encryptions)
                return LogicalResponse(data: data.json.objectValue ?? [:])
            }
            let data = response?.data ?? [:]
            // Vault's legacy sys handlers repeat the data members at the top level.
            let envelope = ResponseEnvelope(requestID: requestID, data: .object(data), topLevel: data)
            return JSONResponse.make(envelope.json)
        }
    }

    var rotate: EndpointHandlers {
        EndpointHandlers().on("PUT", "POST") { request, context in
            _ = try await OperatorRequest(core: core).run(request, context, .update, "sys/rotate") {
                let term = try await core.barrier.rotate()
                core.configuration.logger.info("installed new encryption key", metadata: ["term": "\(term)"])
                return nil
            }
            return JSONResponse.noContent()
        }
    }
}
