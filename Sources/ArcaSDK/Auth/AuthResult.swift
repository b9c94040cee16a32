public import ArcaWire

/// What an auth method answers to a successful login: who logged in and what token they get.
/// The core turns it into a token (with a lease) and the `auth` block of the response.
public struct AuthResult: Sendable, Equatable {
    /// The token's policies (the method's `token_policies`, plus any it derives).
    public var policies: [String]
    /// Shown in the token's `meta` and in `auth.metadata`.
    public var metadata: [String: String]
    /// Becomes the token's display name, prefixed with the mount (`userpass-bob`).
    public var displayName: String
    /// The identity alias of the caller on this mount (a user name, a role id, a `sub` claim).
    public var alias: IdentityAlias?
    /// Token settings from the method's `token_*` fields.
    public var token: TokenSettings
    /// Kept with the token, given back to the method when the token is renewed.
    public var internalData: [String: JSONValue]

    public init(
        policies: [String], metadata: [String: String] = [:], displayName: String, alias: IdentityAlias? = nil,
        token: TokenSettings = TokenSettings(), internalData: [String: JSONValue] = [:]
    ) {
        self.policies = policies
        self.metadata = metadata
        self.displayName = displayName
        self.alias = alias
        self.token = token
        self.internalData = internalData
    }
}

/// An entity alias: the name a method knows the caller by, with its metadata.
public struct IdentityAlias: Sendable, Equatable {
    public var name: String
    public var metadata: [String: String]

    public init(name: String, metadata: [String: String] = [:]) {
        self.name = name
        self.metadata = metadata
    }
}
