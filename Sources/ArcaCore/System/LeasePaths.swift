import ArcaSDK
import ArcaWire
import FoundationEssentials

/// `sys/leases/*` and the older `sys/renew`, `sys/revoke*`: look up, list, renew and revoke leases.
struct LeasePaths: Sendable {
    let expiration: ExpirationManager
    let clock: any WallClock

    enum Fields {
        static let leaseID = Field<String>("lease_id", description: "The lease to act on.")
        static let urlLeaseID = Field<String>("url_lease_id", description: "The lease, given in the URL.")
        static let increment = Field<Int>("increment", .durationSeconds, description: "Requested extension of the lease.")
        static let sync = Field<Bool>("sync", default: true, description: "Wait for the revocation (always done here).")
        static let prefix = Field<String>("prefix", description: "The lease id prefix.")
        static let type = Field<String>("type", description: "Which leases: irrevocable.")
    }

    var paths: [Path] {
        let renewFields = [Fields.leaseID.spec, Fields.urlLeaseID.spec, Fields.increment.spec]
        let revokeFields = [Fields.leaseID.spec, Fields.urlLeaseID.spec, Fields.sync.spec]
        let prefixFields = [Fields.prefix.spec, Fields.sync.spec]
        return [
            Path("leases/lookup", fields: [Fields.leaseID.spec], operations: [.update: lookup], synopsis: "Look up a lease."),
            Path("leases/lookup/{prefix*}", fields: [Fields.prefix.spec], operations: [.list: list],
                 synopsis: "List leases below a prefix."),
            Path("leases/lookup/?", operations: [.list: list], synopsis: "List the top of the lease tree."),
            Path("leases/renew", fields: renewFields, operations: [.update: renew], synopsis: "Renew a lease."),
            Path("leases/renew/{url_lease_id*}", fields: renewFields, operations: [.update: renew], synopsis: "Renew a lease."),
            Path("renew", fields: renewFields, operations: [.update: renew], synopsis: "Renew a lease."),
            Path("renew/{url_lease_id*}", fields: renewFields, operations: [.update: renew], synopsis: "Renew a lease."),
            Path("leases/revoke", fields: revokeFields, operations: [.update: revoke], synopsis: "Revoke a lease."),
            Path("leases/revoke/{url_lease_id*}", fields: revokeFields, operations: [.update: revoke], synopsis: "Revoke a lease."),
            Path("revoke", fields: revokeFields, operations: [.update: revoke], synopsis: "Revoke a lease."),
            Path("revoke/{url_lease_id*}", fields: revokeFields, operations: [.update: revoke], synopsis: "Revoke a lease."),
            Path("leases/revoke-prefix/{prefix*}", fields: prefixFields, operations: [.update: revokePrefix],
                 synopsis: "Revoke every lease below a prefix."),
            Path("revoke-prefix/{prefix*}", fields: prefixFields, operations: [.update: revokePrefix],
                 synopsis: "Revoke every lease below a prefix."),
            Path("leases/revoke-force/{prefix*}", fields: [Fields.prefix.spec], operations: [.update: revokeForce],
                 synopsis: "Delete every lease below a prefix even when the backend cannot revoke it."),
            Path("revoke-force/{prefix*}", fields: [Fields.prefix.spec], operations: [.update: revokeForce],
                 synopsis: "Delete every lease below a prefix even when the backend cannot revoke it."),
            Path("leases/tidy", operations: [.update: tidy], synopsis: "Clean up leases of tokens that no longer exist."),
            Path("leases/count", fields: [Fields.type.spec], operations: [.read: count], synopsis: "Count irrevocable leases."),
            Path("leases", fields: [Fields.type.spec], operations: [.read: irrevocable, .list: irrevocable],
                 synopsis: "List irrevocable leases."),
        ]
    }

    static func time(_ seconds: Double) -> JSONValue {
        seconds > 0 ? .string(Date(timeIntervalSince1970: seconds).rfc3339Nano) : .null
    }

    /// The lease id from the body or, when given, the URL.
    static func leaseID(_ f: FieldData) throws -> String {
        let fromURL = try f[Fields.urlLeaseID]
        let id = fromURL.isEmpty ? try f[Fields.leaseID] : fromURL
        guard !id.isEmpty else { throw LogicalError.invalidRequest("lease_id must be specified") }
        return id
    }

    @Sendable func lookup(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try f[Fields.leaseID]
        guard !id.isEmpty else { throw LogicalError.invalidRequest("lease_id must be specified") }
        guard let entry = try await expiration.lookup(id) else { throw LogicalError.invalidRequest("invalid lease") }
        let now = clock.now().timeIntervalSince1970
        return .data([
            "id": .string(entry.leaseID), "path": .string(entry.path),
            "issue_time": Self.time(entry.issueTime), "expire_time": Self.time(entry.expireTime),
            "last_renewal": Self.time(entry.lastRenewalTime), "renewable": .bool(entry.renewable && !entry.isIrrevocable),
            "ttl": .int(max(0, Int(saturating: (entry.expireTime - now).rounded(.down)))),
        ])
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var prefix = f.raw["prefix"]?.stringValue ?? ""
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        let keys = try await expiration.list(prefix: prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func renew(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let id = try Self.leaseID(f)
        guard try await expiration.lookup(id) != nil else { throw LogicalError.invalidRequest("lease not found") }
        return try await expiration.renew(id, increment: try f[Fields.increment]).1
    }

    @Sendable func revoke(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await expiration.revoke(try Self.leaseID(f))
        return nil
    }

    @Sendable func revokePrefix(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await expiration.revokePrefix(try f[Fields.prefix])
        return nil
    }

    @Sendable func revokeForce(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await expiration.revokePrefix(try f[Fields.prefix], force: true)
        return nil
    }

    @Sendable func tidy(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let report = try await expiration.tidy()
        var response = LogicalResponse(warnings: [
            "Tidy finished: \(report.revokedOrphaned) leases of missing tokens revoked, "
                + "\(report.removedDangling) dangling token leases removed."
        ])
        response.status = 202
        return response
    }

    static func requireIrrevocable(_ f: FieldData) throws {
        guard try f[Fields.type] == "irrevocable" else {
            throw LogicalError.invalidRequest("type must be \"irrevocable\"")
        }
    }

    @Sendable func count(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try Self.requireIrrevocable(f)
        let leases = try await expiration.irrevocable()
        var counts: [String: JSONValue] = [:]
        for lease in leases {
            let mount = lease.path.split(separator: "/").first.map { String($0) + "/" } ?? ""
            counts[mount] = .int((counts[mount]?.int64Value.map(Int.init) ?? 0) + 1)
        }
        return .data(["lease_count": .int(leases.count), "counts": .object(counts)])
    }

    @Sendable func irrevocable(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try Self.requireIrrevocable(f)
        let leases = try await expiration.irrevocable()
        let items: [JSONValue] = leases.map { lease in
            [
                "lease_id": .string(lease.leaseID), "expire_time": Self.time(lease.expireTime),
                "error": .string(lease.revokeError),
            ]
        }
        return .data(["lease_count": .int(leases.count), "leases": .array(items)])
    }
}
