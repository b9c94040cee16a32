/// A kind of secret a backend hands out with a lease, and how to renew and revoke it. The core
/// calls these, never a client: on `sys/leases/renew`, on expiry, on `sys/leases/revoke*`.
public struct SecretType: Sendable {
    public typealias Handler = @Sendable (LogicalRequest, SecretLease) async throws -> LogicalResponse?

    public let name: String
    /// Extends the lease; `nil` means the secret cannot be renewed. The response's `secret.ttl` is
    /// the new TTL from now (the core caps it at the lease's maximum).
    public let renew: Handler?
    /// Destroys the secret where it lives. Throwing leaves the lease in place for a retry.
    public let revoke: Handler

    public init(_ name: String, renew: Handler? = SecretType.extend, revoke: @escaping Handler) {
        self.name = name
        self.renew = renew
        self.revoke = revoke
    }

    /// The usual renewal: the requested increment, or the lease's original TTL.
    public static let extend: Handler = { _, lease in
        var renewed = lease
        renewed.ttl = lease.increment > 0 ? lease.increment : lease.ttl
        return LogicalResponse(secret: renewed)
    }
}
