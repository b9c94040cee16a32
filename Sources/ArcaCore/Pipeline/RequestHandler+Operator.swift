import ArcaSDK
import ArcaWire

extension RequestHandler {
    /// An authenticated request whose handler lives outside the mount table: the HTTP layer's sys
    /// endpoints (`sys/seal`, `sys/rotate`, `sys/key-status`, `sys/rekey/*`, `sys/rotate/root/*`).
    /// It takes the same steps as every routed request: sealed check, token lookup with its CIDR
    /// bindings, ACL (with `sudo` when `rootProtected`), audit request entry (fail closed), use
    /// count, `body`, audit response entry. `body`'s response is what the audit log records; the
    /// caller renders it in the endpoint's own wire shape.
    package func handle(
        operation: Operation, path: String, data: [String: JSONValue] = [:], token: String?, requestID: String,
        remoteAddress: String?, rootProtected: Bool, body: () async throws -> LogicalResponse?
    ) async throws -> LogicalResponse? {
        if core.isSealed { throw LogicalError.sealed }
        core.activity.note()
        let audit = AuditedRequest(
            broker: core.audit, id: requestID, operation: operation, path: path, data: data, clientToken: token,
            remoteAddress: remoteAddress)
        if core.audit.isEnabled, let (route, _) = core.mounts.table.match(path) {
            audit.routed(to: core.configuration.mountInfo(route.entry))
        }
        return try await audit.record {
            guard let entry = try await authenticate(token, remoteAddress: remoteAddress) else {
                throw LogicalError.permissionDenied
            }
            audit.authenticated(entry)
            try Self.authorize(
                core.policies.acl(entry.policies), operation, path: path, data: data, rootProtected: rootProtected)
            try await audit.logRequest()
            return try await spending(entry, body)
        }
    }

    /// The caller's token entry, when `token` resolves and may be used from `remoteAddress`
    /// (its `token_bound_cidrs`); `nil` refuses the request.
    func authenticate(_ token: String?, remoteAddress: String?) async throws -> TokenEntry? {
        guard let token, let entry = try await core.tokens.lookup(token),
            CIDR.allows(entry.boundCIDRs, address: remoteAddress)
        else { return nil }
        return entry
    }

    /// Runs `body` on one use of `entry`'s token (unless `charge` is false); the last use revokes
    /// the token once `body` is done, whether it succeeded or not.
    func spending<T>(_ entry: TokenEntry, charge: Bool = true, _ body: () async throws -> T) async throws -> T {
        let use: TokenStore.UseOutcome = charge ? try await core.tokens.use(entry) : .allowed
        if use == .exhausted { throw LogicalError.permissionDenied }
        do {
            let result = try await body()
            if use == .lastUse { try await core.tokens.revoke(hash: entry.idHash) }
            return result
        } catch {
            if use == .lastUse { try await core.tokens.revoke(hash: entry.idHash) }
            throw error
        }
    }
}
