import ArcaCore
import ArcaSDK
import ArcaWire
import Hummingbird

/// `sys/leader`: a single node without HA reports `ha_enabled: false`. While sealed it answers
/// 503 `Vault is sealed`, as OpenBao does; the CLI's `status` relies on exactly that answer.
struct LeaderEndpoint {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers().on("GET") { _, _ in
            if core.isSealed { throw LogicalError.sealed }
            return JSONResponse.make(LeaderStatus(haEnabled: false).json)
        }
    }
}
