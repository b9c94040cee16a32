/// A failed API call: the server answered with an error status, or could not be reached.
/// Rendered the way Vault's CLI prints API errors.
public struct ArcaClientError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case api(status: Int, errors: [String])
        case transport(reason: String)
    }

    private let code: Code
    public let method: String
    public let url: String

    static func api(method: String, url: String, status: Int, errors: [String]) -> ArcaClientError {
        ArcaClientError(code: .api(status: status, errors: errors), method: method, url: url)
    }

    static func transport(method: String, url: String, reason: String) -> ArcaClientError {
        ArcaClientError(code: .transport(reason: reason), method: method, url: url)
    }

    /// The HTTP status, or `nil` when the server was not reached.
    public var status: Int? {
        if case .api(let s, _) = code { return s }
        return nil
    }

    /// The server's `errors` list.
    public var errors: [String] {
        if case .api(_, let e) = code { return e }
        return []
    }

    public var description: String {
        switch code {
        case .api(let status, let errors):
            var text = "Error making API request.\n\nURL: \(method) \(url)\nCode: \(status). Errors:\n\n"
            text += errors.map { "* \($0)" }.joined(separator: "\n")
            return text
        case .transport(let reason):
            return "Error making API request.\n\nURL: \(method) \(url)\n\(reason)"
        }
    }
}
