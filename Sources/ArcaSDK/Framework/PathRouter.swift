public import ArcaWire

/// A `Backend` made of `Path` values, with Vault's request semantics: first match in declaration
/// order; URL captures override body fields (with a warning); undeclared fields are warned about;
/// field types are validated (400); a missing operation is 405; `help` is generated.
public struct PathRouter: Backend {
    public let paths: [Path]
    public let help: String
    /// The kinds of leased secrets the backend hands out, for the core's renew and revoke calls.
    public let secrets: [SecretType]
    /// Paths served without a token (an auth method's `login`), `*` suffix allowed.
    public let unauthenticatedPaths: [String]
    /// Background work run about once a second while unsealed.
    public let periodicFunction: (@Sendable (LogicalRequest) async throws -> Void)?
    /// Run when the mount goes away or the core seals.
    public let cleanupFunction: (@Sendable () async -> Void)?
    /// Drops the backend's caches of what storage holds (the server has gone quiet).
    public let releaseCachesFunction: (@Sendable () -> Void)?

    public init(
        paths: [Path], secrets: [SecretType] = [], unauthenticated: [String] = [],
        periodic: (@Sendable (LogicalRequest) async throws -> Void)? = nil, cleanup: (@Sendable () async -> Void)? = nil,
        releaseCaches: (@Sendable () -> Void)? = nil, help: String
    ) {
        self.paths = paths
        self.secrets = secrets
        self.unauthenticatedPaths = unauthenticated
        self.periodicFunction = periodic
        self.cleanupFunction = cleanup
        self.releaseCachesFunction = releaseCaches
        self.help = help
    }

    public func periodic(_ request: LogicalRequest) async throws { try await periodicFunction?(request) }
    public func cleanup() async { await cleanupFunction?() }
    public func releaseCaches() { releaseCachesFunction?() }

    func route(_ path: String) -> (Path, [String: String])? {
        let units = PathUnits(path)
        for p in paths {
            if let captures = units.match(p.pattern) { return (p, captures) }
        }
        return nil
    }

    /// The request's data with captures merged in, and the warnings that produced.
    func fieldData(for request: LogicalRequest, path: Path, captures: [String: String]) -> (FieldData, [String]) {
        var raw = request.data
        var warnings: [String] = []
        for (name, value) in captures {
            if let given = raw[name], given != .string(value) {
                warnings.append("Endpoint replaced the value of key \"\(name)\" with the value from the URL")
            }
            raw[name] = .string(value)
        }
        if !path.takesArbitraryInput {
            let unknown = raw.keys.filter { path.fieldsByName[$0] == nil && captures[$0] == nil }.sorted()
            if !unknown.isEmpty {
                warnings.append("Endpoint ignored these unrecognized parameters: [\(unknown.joined(separator: " "))]")
            }
        }
        return (FieldData(raw: raw, specsByName: path.fieldsByName), warnings)
    }

    public func handle(_ request: LogicalRequest) async throws -> LogicalResponse? {
        if request.operation == .renew || request.operation == .revoke { return try await handleLease(request) }
        guard let (path, captures) = route(request.path) else { throw LogicalError.unsupportedPath }
        if request.operation == .help { return helpResponse(path) }
        guard let handler = path.operations[request.operation] ?? fallbackHandler(path, request.operation) else {
            throw LogicalError.unsupportedOperation
        }
        let (fields, warnings) = fieldData(for: request, path: path, captures: captures)
        try fields.validate(prefixed: path.existenceCheck == nil || !(request.operation == .create || request.operation == .update))
        var response = try await handler(request, fields)
        if !warnings.isEmpty {
            response = response ?? LogicalResponse()
            response?.warnings.insert(contentsOf: warnings, at: 0)
        }
        return response
    }

    /// The core's renew and revoke calls go to the secret type named in the lease.
    private func handleLease(_ request: LogicalRequest) async throws -> LogicalResponse? {
        guard let lease = request.secret, let type = secrets.first(where: { $0.name == lease.type }) else {
            throw LogicalError.invalidRequest("secret is unsupported by this backend")
        }
        if request.operation == .revoke { return try await type.revoke(request, lease) }
        guard let renew = type.renew else { throw LogicalError.invalidRequest("lease is not renewable") }
        return try await renew(request, lease)
    }

    /// A create falls back to update when the path has no create handler, as in Vault.
    private func fallbackHandler(_ path: Path, _ op: Operation) -> Path.Handler? {
        op == .create ? path.operations[.update] : nil
    }

    public func existenceCheck(_ request: LogicalRequest) async throws -> Bool? {
        guard let (path, captures) = route(request.path), let check = path.existenceCheck else { return nil }
        let (fields, _) = fieldData(for: request, path: path, captures: captures)
        return try await check(request, fields)
    }

    private func helpResponse(_ path: Path) -> LogicalResponse {
        var text = "## PATH\n\n\(path.pattern)\n\n\(path.synopsis)\n"
        if !path.fields.isEmpty {
            text += "\n## PARAMETERS\n"
            for f in path.fields.sorted(by: { $0.name < $1.name }) {
                text += "\n    \(f.name) (\(f.type.rawValue))\n        \(f.description)\n"
            }
        }
        return .data(["help": .string(text), "see_also": .null])
    }
}
