/// Why auditing refused a request. Rendered as a 500 `internal error` on the wire (clients see
/// nothing of the cause); the description goes to the server log and names devices, not data.
package enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Devices are enabled and none recorded the request entry: the request is not served.
    case requestNotRecorded(failures: [String])
    /// Devices are enabled and none recorded the response entry: the response is withheld.
    case responseNotRecorded(failures: [String])
    /// The audit table lists devices and none could be set up at unseal.
    case noDeviceLoaded(failures: [String])

    package var description: String {
        switch self {
        case .requestNotRecorded(let f): "no audit device recorded the request: " + f.joined(separator: "; ")
        case .responseNotRecorded(let f): "no audit device recorded the response: " + f.joined(separator: "; ")
        case .noDeviceLoaded(let f): "no audit device could be set up: " + f.joined(separator: "; ")
        }
    }
}

/// A device's own failure (open, connect, write), with a message fit for logs and 400 answers.
package struct AuditDeviceError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
