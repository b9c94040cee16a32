public import ArcaWire
public import FoundationEssentials

/// The lease part of a response that hands out a secret (a database user, a cloud credential):
/// the core stores it, revokes it when it expires, and gives it back to the backend's `SecretType`
/// handlers on renew and revoke.
public struct SecretLease: Sendable, Equatable {
    /// Which `SecretType` of the backend renews and revokes it.
    public var type: String
    /// Requested time to live, seconds; 0 takes the mount's default.
    public var ttl: Int
    /// Upper bound on the lease's whole life, seconds; 0 takes the mount's maximum.
    public var maxTTL: Int
    public var renewable: Bool
    /// Data only the backend sees again (the user name to drop, for example); never shown to clients.
    public var internalData: [String: JSONValue]

    /// Set by the core: the lease id clients see.
    public var leaseID: String = ""
    /// Set by the core on renew and revoke: when the lease was first issued.
    public var issueTime: Date?
    /// Set by the core on renew: the extension the client asked for, seconds (0: the original TTL).
    public var increment: Int = 0

    public init(type: String, ttl: Int = 0, maxTTL: Int = 0, renewable: Bool = true, internalData: [String: JSONValue] = [:]) {
        self.type = type
        self.ttl = ttl
        self.maxTTL = maxTTL
        self.renewable = renewable
        self.internalData = internalData
    }
}
