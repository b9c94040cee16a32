/// What the core calls on a mounted engine or auth method. `FrameworkBackend` implements it
/// from a list of `Path` values; engines never implement it by hand.
public protocol Backend: Sendable {
    /// Handles one request. Throws `LogicalError` for the errors clients see.
    func handle(_ request: LogicalRequest) async throws -> LogicalResponse?
    /// For writes: whether the target exists (`update`) or not (`create`); `nil` when the path
    /// has no existence check (then a write needs `update`).
    func existenceCheck(_ request: LogicalRequest) async throws -> Bool?
    /// Paths (relative to the mount, `*` suffix allowed) served without a token: logins.
    var unauthenticatedPaths: [String] { get }
    /// Background work the core runs about once a second while unsealed (rotations, tidying).
    /// The request carries the mount's storage and info; its path is empty.
    func periodic(_ request: LogicalRequest) async throws
    /// Releases what the backend holds (connection pools) when it is unmounted or the core seals.
    func cleanup() async
    /// Drops what the backend caches and can read from storage again (decoded entries); the core
    /// calls it when the server has gone quiet. It must not close anything the next request needs.
    func releaseCaches()
    /// For a login: the alias it is an attempt for (a user name, a role id), so the core can
    /// apply user lockout; `nil` when the method does not take part (see `LockoutAlias`).
    func lockoutAlias(_ request: LogicalRequest) async throws -> String?
}

extension Backend {
    /// Paths (relative to the mount, `*` suffix allowed) served without a token: logins.
    public var unauthenticatedPaths: [String] { [] }
    public func periodic(_ request: LogicalRequest) async throws {}
    public func cleanup() async {}
    public func releaseCaches() {}
    public func lockoutAlias(_ request: LogicalRequest) async throws -> String? { nil }
}
