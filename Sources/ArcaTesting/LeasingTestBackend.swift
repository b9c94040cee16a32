import ArcaSDK
import ArcaWire

/// A secrets engine for tests of the lease machinery: `creds/<name>` hands out a leased secret and
/// records it under `issued/`; revoking it moves the record to `revoked/` (so tests observe the
/// revoke call, across restarts too). `config` sets the TTLs and can make revocation fail.
package struct LeasingTestBackend: Sendable {
    package static let type = "leasetest"

    package init() {}

    package var router: PathRouter {
        PathRouter(
            paths: [
                Path("config", fields: [
                    Field<Int>("ttl", .durationSeconds, description: "TTL of new secrets.").spec,
                    Field<Int>("max_ttl", .durationSeconds, description: "Max TTL of new secrets.").spec,
                    Field<Bool>("fail_revoke", description: "Make revocation fail.").spec,
                    Field<Bool>("renewable", default: true, description: "Whether secrets renew.").spec,
                ], operations: [.update: writeConfig], synopsis: "Configure issued secrets."),
                Path("creds/{name}", operations: [.read: issue], synopsis: "Issue a leased secret."),
                Path("issued/?", operations: [.list: { req, _ in try await Self.list(req, "issued/") }],
                     synopsis: "Secrets not yet revoked."),
                Path("revoked/?", operations: [.list: { req, _ in try await Self.list(req, "revoked/") }],
                     synopsis: "Secrets revoked."),
            ],
            secrets: [SecretType("creds", revoke: revoke)],
            help: "Leased secrets for tests.")
    }

    static func list(_ req: LogicalRequest, _ prefix: String) async throws -> LogicalResponse? {
        let keys = try await req.storage.list(prefix: prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func writeConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await req.storage.putJSON("config", .object(f.raw))
        return nil
    }

    @Sendable func issue(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let config = try await req.storage.getJSON("config")?.objectValue ?? [:]
        let name = (f.raw["name"]?.stringValue ?? "x") + "-" + req.id
        try await req.storage.putJSON("issued/" + name, ["name": .string(name)])
        let ttl = try config["ttl"].map { try Int.coerce($0, as: .durationSeconds) } ?? 0
        let maxTTL = try config["max_ttl"].map { try Int.coerce($0, as: .durationSeconds) } ?? 0
        let renewable = config["renewable"].flatMap { try? Bool.coerce($0, as: .bool) } ?? true
        return LogicalResponse(
            data: ["username": .string(name), "password": "not-a-real-password"],
            secret: SecretLease(type: "creds", ttl: ttl, maxTTL: maxTTL, renewable: renewable,
                                internalData: ["username": .string(name)]))
    }

    @Sendable func revoke(_ req: LogicalRequest, _ lease: SecretLease) async throws -> LogicalResponse? {
        let config = try await req.storage.getJSON("config")?.objectValue ?? [:]
        if config["fail_revoke"].flatMap({ try? Bool.coerce($0, as: .bool) }) == true {
            throw LogicalError.coded(status: 500, message: "the test backend refuses to revoke")
        }
        guard let name = lease.internalData["username"]?.stringValue else {
            throw LogicalError.invalidRequest("lease without a username")
        }
        try await req.storage.delete("issued/" + name)
        try await req.storage.putJSON("revoked/" + name, ["name": .string(name)])
        return nil
    }
}
