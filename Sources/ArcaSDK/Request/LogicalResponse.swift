public import ArcaWire

/// What a backend answers. `nil` from a handler means "nothing here" (404 on reads, 204 on writes).
public struct LogicalResponse: Sendable, Equatable {
    public var data: [String: JSONValue]?
    public var warnings: [String]
    /// The `auth` block of a login or token creation.
    public var auth: [String: JSONValue]?
    /// A status other than 200 for a response that still carries data (KV v2's soft-deleted read
    /// answers 404 with the version's metadata).
    public var status: Int?
    /// A secret handed out with a lease; the core registers the lease and fills in its id.
    public var secret: SecretLease?
    /// A successful login: the core issues the token and fills in `auth` from it.
    public var login: AuthResult?
    /// Set by the core when the response was wrapped: the `wrap_info` block (data and auth are then empty).
    public var wrapInfo: [String: JSONValue]?

    public init(
        data: [String: JSONValue]? = nil, warnings: [String] = [], auth: [String: JSONValue]? = nil,
        secret: SecretLease? = nil
    ) {
        self.data = data
        self.warnings = warnings
        self.auth = auth
        self.secret = secret
    }

    /// A successful login.
    public static func login(_ result: AuthResult) -> LogicalResponse {
        var r = LogicalResponse()
        r.login = result
        return r
    }

    /// A response carrying `data`.
    public static func data(_ data: [String: JSONValue]) -> LogicalResponse { LogicalResponse(data: data) }

    /// A list response: `{"keys": [...]}`.
    public static func list(_ keys: [String]) -> LogicalResponse {
        LogicalResponse(data: ["keys": .strings(keys)])
    }
}
