import ArcaSDK
import ArcaWire

/// The logical request path, in order: sealed check → token (expiry) → route by longest mount
/// prefix → existence check (create or update) → ACL (capabilities, sudo, parameter constraints,
/// wrapping TTL bounds) → audit request entry (fail closed) → use count → backend → lease
/// registration → response wrapping → audit response entry. The HTTP layer's own sys endpoints
/// take the same steps through `handle(operation:path:…:body:)` (RequestHandler+Operator.swift).
package struct RequestHandler: Sendable {
    let core: Core

    /// Paths any valid token may call; their handlers check access themselves (the UI mount lookup
    /// answers only for mounts the caller can use).
    static let tokenOnlyPaths = ["sys/internal/ui/mounts"]
    /// Paths served without a token (the wrapping-token lookup takes the token to look up instead).
    static let unauthenticatedPaths: Set = ["sys/wrapping/lookup"]

    static let unwrapPath = "sys/wrapping/unwrap"
    static let denied = LogicalError.coded(status: 403, message: "1 error occurred:\n\t* permission denied\n\n")

    /// The ACL check, with the error text Vault's request handling gives a policy denial.
    static func authorize(_ acl: ACL, _ operation: Operation, path: String, data: [String: JSONValue], rootProtected: Bool) throws {
        do {
            try acl.authorize(operation, path: path, data: data, rootProtected: rootProtected)
        } catch LogicalError.permissionDenied {
            throw denied
        }
    }

    package init(core: Core) { self.core = core }

    package func handle(
        operation: Operation, path: String, data: [String: JSONValue], token: String?, requestID: String,
        remoteAddress: String?, wrapTTL: Int = 0
    ) async throws -> LogicalResponse? {
        if core.isSealed { throw LogicalError.sealed }
        core.activity.note()
        let audit = AuditedRequest(
            broker: core.audit, id: requestID, operation: operation, path: path, data: data, clientToken: token,
            remoteAddress: remoteAddress, wrapTTL: wrapTTL)
        let matched = core.mounts.table.match(path)
        // The mount is known before the token is checked, so entries for refused tokens name it too.
        if core.audit.isEnabled, let (route, _) = matched {
            audit.routed(to: core.configuration.mountInfo(route.entry))
        }
        return try await audit.record {
            try await pipeline(
                operation: operation, path: path, matched: matched, data: data, token: token, requestID: requestID,
                remoteAddress: remoteAddress, wrapTTL: wrapTTL, audit: audit)
        }
    }

    /// Everything after the sealed check; `audit` hears what the pipeline learns and logs the
    /// request entry just before the backend runs. `matched` is the route table's match for `path`.
    func pipeline(
        operation: Operation, path: String, matched: (RouteTable.Route, String)?, data: [String: JSONValue],
        token: String?, requestID: String, remoteAddress: String?, wrapTTL: Int, audit: AuditedRequest
    ) async throws -> LogicalResponse? {
        if let (route, relative) = matched,
            Self.unauthenticatedPaths.contains(path) || Self.isLogin(relative, route.backend.unauthenticatedPaths)
        {
            return try await unauthenticated(
                route: route, relative: relative, operation: operation, path: path, data: data, token: token,
                requestID: requestID, remoteAddress: remoteAddress, wrapTTL: wrapTTL, audit: audit)
        }
        guard let entry = try await authenticate(token, remoteAddress: remoteAddress) else {
            // Unwrapping with a spent or unknown wrapping token as the request's token says so.
            if path == Self.unwrapPath, token?.isEmpty == false { throw ResponseWrapper.invalid }
            throw LogicalError.permissionDenied
        }
        audit.authenticated(entry)
        let acl = core.policies.acl(entry.policies)
        guard let (route, relative) = matched else {
            // Say "no handler" only to callers who could use the path if it existed.
            try Self.authorize(acl, operation, path: path, data: [:], rootProtected: false)
            throw LogicalError.coded(status: 404, message: "no handler for route \"\(path)\". route entry not found.")
        }
        audit.routed(to: core.configuration.mountInfo(route.entry))
        var request = LogicalRequest(
            id: requestID, operation: operation, path: relative, data: data,
            storage: core.barrier.view(route.storagePrefix), mount: core.configuration.mountInfo(route.entry), remoteAddress: remoteAddress)
        request.clientToken = token
        request.wrapTTL = wrapTTL
        request.displayName = entry.displayName
        request.passwords = PasswordPolicyStore(storage: core.barrier)
        if entry.type == "batch" {
            if route.entry.type == "cubbyhole" {
                throw LogicalError.invalidRequest("cubbyhole operations are only supported by 'service' type tokens")
            }
        } else {
            request.tokenStorageKey = entry.idHash
        }
        if operation == .update, let exists = try await route.backend.existenceCheck(request), !exists {
            request.operation = .create
            audit.operation(.create)
        }
        let tokenOnly = Self.tokenOnlyPaths.contains(where: { path.hasPrefix($0) })
        if !tokenOnly {
            try Self.authorize(acl, request.operation, path: path, data: data, rootProtected: RootProtectedPaths.contains(path))
            guard acl.allowsWrapping(ttl: wrapTTL, path: path) else { throw Self.denied }
        }
        try await audit.logRequest()
        // The UI mount lookup does not spend a use, as in Vault (the CLI calls it before each KV call).
        return try await spending(entry, charge: !tokenOnly) {
            let response = try await route.backend.handle(request)
            // A batch token's secrets belong to its parent: they go when the parent goes.
            let owner = entry.type == "batch" ? entry.parentHash : entry.idHash
            return try await finish(response, path: path, mount: route.entry, tokenHash: owner,
                                    wrapTTL: wrapTTL, requestID: requestID)
        }
    }

    /// Registers the lease of a new secret, then wraps the response when asked.
    func finish(_ response: LogicalResponse?, path: String, mount: MountEntry, tokenHash: String, wrapTTL: Int,
                requestID: String) async throws -> LogicalResponse? {
        guard var response else { return nil }
        if let secret = response.secret, secret.leaseID.isEmpty {
            let (lease, warnings) = try await core.expiration.register(
                secret: secret, path: path, mount: mount, tokenHash: tokenHash)
            response.secret = lease
            response.warnings += warnings
        }
        if wrapTTL > 0 {
            response = try await core.wrapper.wrap(response, ttl: wrapTTL, creationPath: path, requestID: requestID)
        }
        return response
    }

    /// Whether `relative` is one of a backend's token-less paths (`login`, `login/*`).
    static func isLogin(_ relative: String, _ patterns: [String]) -> Bool {
        patterns.contains { p in p.hasSuffix("*") ? relative.hasPrefix(String(p.dropLast())) : relative == p }
    }

    /// A path served without a token: a login (whose `AuthResult` becomes a token here) or the
    /// wrapping-token lookup.
    private func unauthenticated(
        route: RouteTable.Route, relative: String, operation: Operation, path: String, data: [String: JSONValue],
        token: String?, requestID: String, remoteAddress: String?, wrapTTL: Int, audit: AuditedRequest
    ) async throws -> LogicalResponse? {
        var request = LogicalRequest(
            id: requestID, operation: operation, path: relative, data: data,
            storage: core.barrier.view(route.storagePrefix), mount: core.configuration.mountInfo(route.entry), remoteAddress: remoteAddress)
        request.clientToken = token
        request.wrapTTL = wrapTTL
        try await audit.logRequest()
        guard var response = try await core.lockout.login(request, route: route) else { return nil }
        if let login = response.login {
            response.auth = try await core.loginIssuer.issue(login, path: path, mount: route.entry)
            response.login = nil
        }
        if wrapTTL > 0 {
            response = try await core.wrapper.wrap(response, ttl: wrapTTL, creationPath: path, requestID: requestID)
        }
        return response
    }
}
