import ArcaCore
import ArcaSDK
import ArcaWire
import HTTPTypes
import Hummingbird

/// `sys/health`: status in the body and, for load balancers, in the status code, which the
/// query parameters can remap.
struct HealthEndpoint {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers().on("GET", "HEAD") { request, _ in
            let health = try await core.health()
            let status = try Self.statusCode(for: health, query: request.uri.queryParameters)
            return JSONResponse.make(health.json, status: status, includeBody: request.method != .head)
        }
    }

    static func statusCode(for health: HealthStatus, query: Parameters) throws -> HTTPResponse.Status {
        func code(_ name: String, _ fallback: Int) throws -> Int {
            guard let raw = query[name[...]] else { return fallback }
            guard let value = Int(raw), (100...599).contains(value) else {
                throw LogicalError.invalidRequest("bad code: \(name)=\(raw)")
            }
            return value
        }
        func flag(_ name: String) -> Bool {
            guard let raw = query[name[...]] else { return false }
            return raw.isEmpty || raw == "true" || raw == "1"
        }
        let value: Int
        if !health.initialized {
            value = try code("uninitcode", 501)
        } else if health.sealed {
            value = try code("sealedcode", 503)
        } else if health.standby {
            value = flag("standbyok") ? try code("activecode", 200) : try code("standbycode", 429)
        } else {
            value = try code("activecode", 200)
        }
        return HTTPResponse.Status(code: value)
    }
}
