import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaWire
import HTTPTypes
import Hummingbird

/// The one place that decides which status and message an error becomes on the wire.
package enum HTTPStatusMapping {
    package struct WireError: Sendable, Equatable {
        package var status: HTTPResponse.Status
        package var errors: [String]
        package var data: JSONValue?
    }

    package static func wireError(for error: any Error) -> WireError {
        switch error {
        case let e as LogicalError: return logical(e)
        case let e as SealError:
            switch e {
            case .sealed: return WireError(status: .serviceUnavailable, errors: [e.description])
            default: return WireError(status: e.isClientError ? .badRequest : .internalServerError, errors: [e.description])
            }
        case let e as BarrierError:
            if e == .sealed { return WireError(status: .serviceUnavailable, errors: ["Vault is sealed"]) }
            return WireError(status: .internalServerError, errors: [e.description])
        case let e as JSONParseError:
            return WireError(status: .badRequest, errors: ["failed to decode JSON input: \(e.message)"])
        case let e as WireDecodingError:
            return WireError(status: .badRequest, errors: [e.message])
        case let e as PhysicalError:
            return WireError(status: .internalServerError, errors: [physicalMessage(e)])
        case let e as HTTPError:
            return hummingbird(e)
        default:
            return WireError(status: .internalServerError, errors: ["internal error"])
        }
    }

    private static func logical(_ e: LogicalError) -> WireError {
        switch e {
        case .invalidRequest, .invalidCredentials: WireError(status: .badRequest, errors: [e.description])
        case .permissionDenied: WireError(status: .forbidden, errors: [e.description])
        case .unsupportedPath: WireError(status: .notFound, errors: ["1 error occurred:\n\t* unsupported path\n\n"])
        case .unsupportedOperation: WireError(status: .methodNotAllowed, errors: [e.description])
        case .requestTooLarge: WireError(status: .contentTooLarge, errors: [e.description])
        case .rateLimited: WireError(status: .tooManyRequests, errors: [e.description])
        case .sealed: WireError(status: .serviceUnavailable, errors: [e.description])
        case .coded(let status, let message):
            WireError(status: HTTPResponse.Status(code: status), errors: message.isEmpty ? [] : [message])
        case .withData(let inner, let data):
            WireError(status: logical(inner).status, errors: logical(inner).errors, data: data)
        }
    }

    private static func hummingbird(_ e: HTTPError) -> WireError {
        switch e.status {
        case .notFound: WireError(status: .notFound, errors: [])
        case .methodNotAllowed: WireError(status: .methodNotAllowed, errors: [])
        case .contentTooLarge: WireError(status: .contentTooLarge, errors: ["http: request body too large"])
        default: WireError(status: e.status, errors: e.body.map { [$0] } ?? [])
        }
    }

    /// Backend failures are reported without keys or values that could carry secrets.
    private static func physicalMessage(_ e: PhysicalError) -> String {
        switch e {
        case .invalidKey(let m): "storage: invalid key: \(m)"
        case .valueTooLarge(_, let size, let limit): "storage: value of \(size) bytes exceeds the limit of \(limit)"
        case .backend(let m): "storage: \(m)"
        }
    }
}
