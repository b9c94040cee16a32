import ArcaSDK
import ArcaWire
import FoundationEssentials

/// Response wrapping: a response is stored in the cubbyhole of a new single-use token and only
/// that token's `wrap_info` is returned; unwrapping reads it once and revokes the token.
struct ResponseWrapper: Sendable {
    static let policy = "response-wrapping"
    static let invalid = LogicalError.invalidRequest("wrapping token is not valid or does not exist")

    let tokens: TokenStore
    let mounts: MountManager
    let storage: any Storage

    private func folder(_ tokenHash: String) throws -> String {
        guard let prefix = mounts.cubbyholePrefix else {
            throw LogicalError.coded(status: 500, message: "no cubbyhole mount to hold the wrapped response")
        }
        return prefix + tokenHash + "/"
    }

    /// Wraps `response` for `ttl` seconds; `creationPath` is the path that produced it.
    func wrap(_ response: LogicalResponse, ttl: Int, creationPath: String, requestID: String) async throws -> LogicalResponse {
        let body = JSONWriter.string(response.envelope(requestID: requestID).json)
        return try await store(body: body, ttl: ttl, creationPath: creationPath, wrappedAccessor: response.auth?["accessor"]?.stringValue)
    }

    private func store(body: String, ttl requested: Int, creationPath: String, wrappedAccessor: String?) async throws
        -> LogicalResponse
    {
        // The header parser bounds it already; a rewrap reads it back from storage.
        let ttl = min(max(requested, 0), Int(DurationParser.maxSeconds))
        let created = tokens.clock.now()
        var entry = TokenEntry(
            accessor: "", policies: [Self.policy], path: creationPath, displayName: "token",
            creationTime: Int64(created.timeIntervalSince1970), ttl: Int64(ttl), numUses: 1)
        entry.explicitMaxTTL = Int64(ttl)
        let (id, stored) = try await tokens.store(entry)
        let folder = try folder(stored.idHash)
        try await storage.putJSON(folder + "response", ["response": .string(body)])
        try await storage.putJSON(folder + "wrapinfo", [
            "creation_ttl": .int(ttl), "creation_time": .string(created.rfc3339Nano),
            "creation_path": .string(creationPath), "wrapped_accessor": wrappedAccessor.map(JSONValue.string) ?? .null,
        ])
        var info: [String: JSONValue] = [
            "token": .string(id), "accessor": .string(stored.accessor), "ttl": .int(ttl),
            "creation_time": .string(created.rfc3339Nano), "creation_path": .string(creationPath),
        ]
        if let wrappedAccessor { info["wrapped_accessor"] = .string(wrappedAccessor) }
        var wrapped = LogicalResponse()
        wrapped.wrapInfo = info
        return wrapped
    }

    /// The live wrapping token `id`, or the error Vault gives for any other token.
    func wrappingToken(_ id: String, includingSpent: Bool) async throws -> TokenEntry {
        guard !id.isEmpty, let entry = try await tokens.lookup(id, includingSpent: includingSpent),
            entry.policies == [Self.policy]
        else { throw Self.invalid }
        return entry
    }

    /// Reads the wrapped response of `entry` and revokes the token.
    func consume(_ entry: TokenEntry) async throws -> (body: String, info: [String: JSONValue]) {
        let folder = try folder(entry.idHash)
        guard let doc = try await storage.getJSON(folder + "response"), let body = doc["response"]?.stringValue else {
            throw Self.invalid
        }
        let info = try await storage.getJSON(folder + "wrapinfo")?.objectValue ?? [:]
        try await tokens.revoke(hash: entry.idHash)
        return (body, info)
    }

    /// The wrapped response, rebuilt for the unwrapping client.
    func unwrap(_ entry: TokenEntry) async throws -> LogicalResponse {
        let (body, _) = try await consume(entry)
        let envelope = try ResponseEnvelope(json: try JSONParser.parse(Array(body.utf8)))
        return LogicalResponse(envelope: envelope)
    }

    /// When and where the wrapped response was made, without consuming it.
    func lookup(_ entry: TokenEntry) async throws -> [String: JSONValue] {
        guard let info = try await storage.getJSON(try folder(entry.idHash) + "wrapinfo")?.objectValue else {
            throw Self.invalid
        }
        return [
            "creation_ttl": info["creation_ttl"] ?? .int(Int(entry.ttl)), "creation_time": info["creation_time"] ?? .null,
            "creation_path": info["creation_path"] ?? .string(entry.path),
        ]
    }

    /// Moves the wrapped response to a new wrapping token with the same TTL; the old one is revoked.
    func rewrap(_ entry: TokenEntry) async throws -> LogicalResponse {
        let (body, info) = try await consume(entry)
        let ttl = Int(clamping: info["creation_ttl"]?.int64Value ?? entry.ttl)
        return try await store(
            body: body, ttl: ttl, creationPath: info["creation_path"]?.stringValue ?? entry.path,
            wrappedAccessor: info["wrapped_accessor"]?.stringValue)
    }
}
