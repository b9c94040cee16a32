import ArcaSDK

/// The engine's refusals, mapped to Vault's status codes and messages.
enum TransitError {
    static func badRequest(_ message: String) -> LogicalError { .invalidRequest(message) }
    static func internalError(_ message: String) -> LogicalError { .coded(status: 500, message: message) }
}
