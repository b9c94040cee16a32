import ArcaSDK
import ArcaWire

/// The logical request path, in order: sealed check → token (expiry) → route by longest mount
/// prefix → existence check (create or update) → ACL (capabilities, sudo, parameter constraints)
/// → audit request entry (fail closed) → use count → backend → audit response entry.
package struct RequestHandler: Sendable {
    let core: Core

    /// Paths any valid token may call; their handlers check access themselves (the UI mount lookup
    /// answers only for mounts the caller can use).
    static let tokenOnlyPaths = ["sys/internal/ui/mounts"]

    /// The ACL check, with the error text Vault's request handling gives a policy denial.
    static func authorize(_ acl: ACL, _ operation: Operation, path: String, data: [String: JSONValue], rootProtected: Bool) throws {
        do {
            try acl.authorize(operation, path: path, data: data, rootProtected: rootProtected)
        } catch LogicalError.permissionDenied {
            throw LogicalError.coded(status: 403, message: "1 error occurred:\n\t* permission denied\n\n")
        }
    }

    package init(core: Core) { self.core = core }

    package func handle(
        operation: Operation, path: String, data: [String: JSONValue], token: String?, requestID: String,
        remoteAddress: String?
    ) async throws -> LogicalResponse? {
        if core.isSealed { throw LogicalError.sealed }
        let audit = AuditedRequest(
            broker: core.audit, id: requestID, operation: operation, path: path, data: data, clientToken: token,
            remoteAddress: remoteAddress)
        // The mount is known before the token is checked, so entries for refused tokens name it too.
        if core.audit.isEnabled, let (route, _) = core.mounts.table.match(path) { audit.routed(to: route.entry.info) }
        return try await audit.record {
            try await pipeline(operation: operation, path: path, data: data, token: token, requestID: requestID,
                               remoteAddress: remoteAddress, audit: audit)
        }
    }

    /// Everything after the sealed check; `audit` hears what the pipeline learns and logs the
    /// request entry just before the backend runs.
    func pipeline(
        operation: Operation, path: String, data: [String: JSONValue], token: String?, requestID: String,
        remoteAddress: String?, audit: AuditedRequest
    ) async throws -> LogicalResponse? {
        guard let token, let entry = try await core.tokens.lookup(token) else { throw LogicalError.permissionDenied }
        audit.authenticated(entry)
        let acl = core.policies.acl(entry.policies)
        guard let (route, relative) = core.mounts.table.match(path) else {
            // Say "no handler" only to callers who could use the path if it existed.
            try Self.authorize(acl, operation, path: path, data: [:], rootProtected: false)
            throw LogicalError.coded(status: 404, message: "no handler for route \"\(path)\". route entry not found.")
        }
        audit.routed(to: route.entry.info)
        var request = LogicalRequest(
            id: requestID, operation: operation, path: relative, data: data,
            storage: core.barrier.view(route.entry.storagePrefix), mount: route.entry.info, remoteAddress: remoteAddress)
        request.clientToken = token
        if operation == .update, let exists = try await route.backend.existenceCheck(request), !exists {
            request.operation = .create
        }
        audit.operation(request.operation)
        let tokenOnly = Self.tokenOnlyPaths.contains(where: { path.hasPrefix($0) })
        if !tokenOnly {
            try Self.authorize(acl, request.operation, path: path, data: data, rootProtected: RootProtectedPaths.contains(path))
        }
        try await audit.logRequest()
        // The UI mount lookup does not spend a use, as in Vault (the CLI calls it before each KV call).
        let use: TokenStore.UseOutcome = tokenOnly ? .allowed : try await core.tokens.use(entry)
        if use == .exhausted { throw LogicalError.permissionDenied }
        do {
            let response = try await route.backend.handle(request)
            if use == .lastUse { try await core.tokens.revoke(hash: entry.idHash) }
            return response
        } catch {
            if use == .lastUse { try await core.tokens.revoke(hash: entry.idHash) }
            throw error
        }
    }
}
