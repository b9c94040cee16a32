public import ArcaWire

/// The errors a request can end in, one case per distinct wire answer.
///
/// The HTTP layer maps each case to its status code in one exhaustive `switch`, so adding a case
/// forces a decision about its code. Messages never contain secret material.
public enum LogicalError: Error, Sendable, Equatable {
    /// 400: the request is malformed or a field is invalid.
    case invalidRequest(String)
    /// 400 on the wire with its message, like `invalidRequest`; an auth method answers it to a
    /// wrong secret for an alias it knows, and only this counts toward user lockout.
    case invalidCredentials(String)
    /// 403 `permission denied`.
    case permissionDenied
    /// 404 `unsupported path`.
    case unsupportedPath
    /// 405 `unsupported operation`.
    case unsupportedOperation
    /// 413: the body exceeds the request size limit.
    case requestTooLarge
    /// 429.
    case rateLimited
    /// 503 `Vault is sealed`; clients match this text.
    case sealed
    /// Any other status with its own message.
    case coded(status: Int, message: String)
    /// An error that carries response data beside it.
    indirect case withData(LogicalError, data: JSONValue)
}

extension LogicalError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidRequest(let m): m
        case .invalidCredentials(let m): m
        case .permissionDenied: "permission denied"
        case .unsupportedPath: "unsupported path"
        case .unsupportedOperation: "unsupported operation"
        case .requestTooLarge: "http: request body too large"
        case .rateLimited: "request rate limit exceeded"
        case .sealed: "Vault is sealed"
        case .coded(_, let m): m
        case .withData(let e, _): e.description
        }
    }
}
