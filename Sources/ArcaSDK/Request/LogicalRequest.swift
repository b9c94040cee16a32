public import ArcaWire

/// One request as a backend sees it: the path relative to its mount, the merged body and query
/// data, and its own storage view. There is no HTTP type in it.
public struct LogicalRequest: Sendable {
    public var id: String
    public var operation: Operation
    /// The path below the mount point, without a leading `/`.
    public var path: String
    public var data: [String: JSONValue]
    /// The mount's private storage.
    public var storage: any Storage
    public var mount: MountInfo
    /// The caller's address, for CIDR bindings and audit.
    public var remoteAddress: String?
    /// The caller's token, for the core's own backends (token store); engines should not need it.
    public var clientToken: String?
    /// A stable, non-secret key for the caller's token (its salted hash), for storage that lives
    /// and dies with the token, such as cubbyhole.
    public var tokenStorageKey: String?
    /// The server's password policies, for engines that generate passwords (`password_policy`).
    public var passwords: (any PasswordGenerating)?
    /// The display name of the caller's token (database user names include it).
    public var displayName: String = ""
    /// The response-wrapping TTL the client asked for (`X-Vault-Wrap-TTL`), seconds; 0 when not wrapped.
    public var wrapTTL: Int = 0
    /// On the core's `renew` and `revoke` operations: the lease being renewed or revoked.
    public var secret: SecretLease?

    public init(
        id: String = "", operation: Operation, path: String, data: [String: JSONValue] = [:], storage: any Storage,
        mount: MountInfo = MountInfo(path: "", type: "", accessor: ""), remoteAddress: String? = nil
    ) {
        self.id = id
        self.operation = operation
        self.path = path
        self.data = data
        self.storage = storage
        self.mount = mount
        self.remoteAddress = remoteAddress
    }
}

/// Where a backend is mounted.
public struct MountInfo: Sendable, Equatable {
    /// The mount point with its trailing `/`, e.g. `secret/`.
    public var path: String
    public var type: String
    public var accessor: String
    /// The mount's `options` (KV's `version`, for example).
    public var options: [String: String]
    /// The TTL a lease gets when the backend asks for none, seconds (the mount's, else the system's).
    public var defaultLeaseTTL: Int
    /// The longest a lease may live, seconds (the mount's, else the system's).
    public var maxLeaseTTL: Int

    public init(
        path: String, type: String, accessor: String, options: [String: String] = [:], defaultLeaseTTL: Int = 2_764_800,
        maxLeaseTTL: Int = 2_764_800
    ) {
        self.path = path
        self.type = type
        self.accessor = accessor
        self.options = options
        self.defaultLeaseTTL = defaultLeaseTTL
        self.maxLeaseTTL = maxLeaseTTL
    }
}
