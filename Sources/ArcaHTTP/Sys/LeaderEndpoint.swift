import ArcaCore
import ArcaWire
import Hummingbird

/// `sys/leader`: a single node without HA reports `ha_enabled: false`, sealed or not (the CLI
/// reads it for `status`).
struct LeaderEndpoint {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers().on("GET") { _, _ in
            return JSONResponse.make(LeaderStatus(haEnabled: false).json)
        }
    }
}
