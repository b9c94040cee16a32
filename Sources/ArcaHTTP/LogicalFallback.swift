import ArcaCore
import ArcaSDK
import ArcaWire
import HTTPTypes
import Hummingbird

/// Every `/v1/...` path without an endpoint of its own goes through the logical pipeline:
/// the HTTP method becomes an operation, the body (or, for reads, the query) becomes data, and
/// the backend's answer is wrapped in Vault's response envelope.
struct LogicalFallback {
    let core: Core

    var handlers: EndpointHandlers {
        EndpointHandlers().on("GET", "POST", "PUT", "PATCH", "DELETE", "LIST", "SCAN") { request, context in
            var request = request
            let path = String(request.uri.path.dropFirst("/v1/".count))
            let query = request.uri.queryParameters
            var operation = HTTPOperation.operation(method: request.vaultMethod, listQuery: query["list"].map(String.init))
            if request.vaultMethod == "GET", let help = query["help"], ["1", "true"].contains(String(help)) {
                operation = .help
            }
            // Size limit first, then the sealed check, then parsing: Vault's order.
            let bytes = try await request.limitedBody(context: context)
            if core.isSealed { throw LogicalError.sealed }
            var data: [String: JSONValue] = [:]
            switch operation {
            case .read, .list, .scan, .delete, .help:
                for (k, v) in query where k != "list" && k != "help" { data[String(k)] = .string(String(v)) }
            default:
                guard bytes.readableBytes > 0 else { break }
                switch try JSONParser.parse(bytes.readableBytesView) {
                case .object(let object): data = object
                case .null: break  // `bao write -f` sends a JSON null body
                default: throw LogicalError.invalidRequest("the request body must be a JSON object")
                }
            }
            let logicalPath = (operation == .list || operation == .scan) && !path.hasSuffix("/") ? path + "/" : path
            let wrapTTL = try WrapTTLHeader.seconds(request.headers[.vaultWrapTTL])
            let requestID = UUIDString.random(core.configuration.entropy)
            let response = try await RequestHandler(core: core).handle(
                operation: operation, path: logicalPath, data: data, token: request.clientToken, requestID: requestID,
                remoteAddress: context.remoteAddress?.ipAddress, wrapTTL: wrapTTL)
            guard let response else {
                if operation == .read || operation == .list || operation == .scan {
                    return JSONResponse.make(["errors": []], status: .notFound)
                }
                return JSONResponse.noContent()
            }
            let envelope = response.envelope(requestID: requestID)
            return JSONResponse.make(
                encoded: envelope.encoded(), status: response.status.map { HTTPResponse.Status(code: $0) } ?? .ok)
        }
    }
}

/// Vault's mapping from HTTP method to operation.
enum HTTPOperation {
    static func operation(method: String, listQuery: String?) -> Operation {
        switch method {
        case "GET", "HEAD":
            if let list = listQuery, ["true", "1"].contains(list.lowercased()) { return .list }
            return .read
        case "LIST": return .list
        case "SCAN": return .scan
        case "PATCH": return .patch
        case "DELETE": return .delete
        default: return .update
        }
    }
}
