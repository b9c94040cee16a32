@testable import ArcaAuthAppRole
import ArcaSDK
import ArcaWire
import Testing

/// One row per `role/<name>/<segment>` path: what to write, what a read then shows, what it shows after delete.
struct FieldCase: Sendable, CustomTestStringConvertible {
    let segment: String
    let write: [String: JSONValue]
    let afterWrite: [String: JSONValue]
    let afterDelete: [String: JSONValue]
    var testDescription: String { segment }
}

@Suite struct RoleFieldTests {
    static let cases: [FieldCase] = [
        FieldCase(segment: "policies", write: ["token_policies": "b,A,a"], afterWrite: ["token_policies": ["a", "b"]], afterDelete: ["token_policies": []]),
        FieldCase(segment: "secret-id-num-uses", write: ["secret_id_num_uses": 7], afterWrite: ["secret_id_num_uses": 7], afterDelete: ["secret_id_num_uses": 0]),
        FieldCase(segment: "secret-id-ttl", write: ["secret_id_ttl": "10m"], afterWrite: ["secret_id_ttl": 600], afterDelete: ["secret_id_ttl": 0]),
        FieldCase(segment: "token-ttl", write: ["token_ttl": "1h"], afterWrite: ["token_ttl": 3600], afterDelete: ["token_ttl": 0]),
        FieldCase(segment: "token-max-ttl", write: ["token_max_ttl": 7200], afterWrite: ["token_max_ttl": 7200], afterDelete: ["token_max_ttl": 0]),
        FieldCase(segment: "token-num-uses", write: ["token_num_uses": 4], afterWrite: ["token_num_uses": 4], afterDelete: ["token_num_uses": 0]),
        FieldCase(segment: "period", write: ["period": "1h"], afterWrite: ["token_period": 3600, "period": 3600], afterDelete: ["token_period": 0]),
        FieldCase(segment: "bind-secret-id", write: ["bind_secret_id": false], afterWrite: ["bind_secret_id": false], afterDelete: ["bind_secret_id": true]),
        FieldCase(
            segment: "secret-id-bound-cidrs", write: ["secret_id_bound_cidrs": "10.0.0.0/8,192.168.0.0/16"],
            afterWrite: ["secret_id_bound_cidrs": ["10.0.0.0/8", "192.168.0.0/16"]], afterDelete: ["secret_id_bound_cidrs": nil]),
        FieldCase(
            segment: "token-bound-cidrs", write: ["token_bound_cidrs": "127.0.0.1/32,10.0.0.0/8"],
            afterWrite: ["token_bound_cidrs": ["127.0.0.1", "10.0.0.0/8"]], afterDelete: ["token_bound_cidrs": nil]),
        FieldCase(segment: "bound-cidr-list", write: ["bound_cidr_list": "10.0.0.0/8"], afterWrite: ["bound_cidr_list": nil], afterDelete: ["bound_cidr_list": nil]),
    ]

    /// A role that stays valid whatever one row changes: it binds secret ids and has both kinds of CIDRs.
    func harness() async throws -> Harness {
        let h = Harness()
        try await h.call(.update, "role/r", ["token_bound_cidrs": "0.0.0.0/0", "secret_id_bound_cidrs": "0.0.0.0/0"])
        return h
    }

    @Test("every row of the table is a path, after role/<name> and before the secret-id paths")
    func table() {
        let patterns = Harness().router.paths.map(\.pattern.description)
        #expect(RoleField.table.count == 12)
        for row in RoleField.table { #expect(patterns.contains("role/{role_name}/\(row.segment)")) }
        #expect(Set(RoleField.table.map(\.segment)).count == RoleField.table.count)
    }

    @Test("write, read, delete back to the default", arguments: cases)
    func roundTrip(_ c: FieldCase) async throws {
        let h = try await harness()
        try await h.call(.update, "role/r/\(c.segment)", c.write)
        #expect(try await h.data(.read, "role/R/\(c.segment)") == c.afterWrite)
        try await h.call(.delete, "role/r/\(c.segment)")
        #expect(try await h.data(.read, "role/r/\(c.segment)") == c.afterDelete)
    }

    @Test("on a role that does not exist: read is nil, update is unsupported path, delete does nothing", arguments: cases)
    func missingRole(_ c: FieldCase) async throws {
        let h = Harness()
        #expect(try await h.call(.read, "role/nobody/\(c.segment)") == nil)
        #expect(await h.error(.update, "role/nobody/\(c.segment)", c.write) == .unsupportedPath)
        try await h.call(.delete, "role/nobody/\(c.segment)")
        #expect(h.storage.keys.filter { $0.hasPrefix("role") }.isEmpty)
    }

    @Test("an update without the field says which is missing", arguments: [
        ("policies", "missing token_policies"), ("secret-id-num-uses", "missing secret_id_num_uses"),
        ("secret-id-ttl", "missing secret_id_ttl"), ("token-ttl", "missing token_ttl"), ("token-max-ttl", "missing token_max_ttl"),
        ("token-num-uses", "missing token_num_uses"), ("period", "missing period"), ("bind-secret-id", "missing bind_secret_id"),
    ])
    func missingField(_ segment: String, _ message: String) async throws {
        let h = try await harness()
        #expect(await h.error(.update, "role/r/\(segment)") == .invalidRequest(message))
    }

    @Test("row-specific rules: TTL order, negative uses, CIDR syntax, deprecation warning, read-only local-secret-ids")
    func rules() async throws {
        let h = try await harness()
        try await h.call(.update, "role/r/token-max-ttl", ["token_max_ttl": "1h"])
        #expect(await h.error(.update, "role/r/token-ttl", ["token_ttl": "2h"])
            == .invalidRequest("token_ttl should not be greater than token_max_ttl"))
        try await h.call(.update, "role/r/token-ttl", ["token_ttl": "30m"])
        #expect(await h.error(.update, "role/r/token-max-ttl", ["token_max_ttl": "10m"])
            == .invalidRequest("token_max_ttl should be greater than or equal to token_ttl"))
        #expect(await h.error(.update, "role/r/secret-id-num-uses", ["secret_id_num_uses": -2])
            == .invalidRequest("secret_id_num_uses cannot be negative"))
        #expect(await h.error(.update, "role/r/secret-id-ttl", ["secret_id_ttl": -1])
            == .invalidRequest("Field validation failed: error converting input for field \"secret_id_ttl\": cannot provide negative value '-1'"))
        #expect(await h.error(.update, "role/r/secret-id-bound-cidrs", ["secret_id_bound_cidrs": "bogus"])
            == .invalidRequest("failed to validate CIDR blocks: invalid CIDR address: bogus"))
        #expect(await h.error(.update, "role/r/secret-id-bound-cidrs", ["secret_id_bound_cidrs": ""])
            == .invalidRequest("missing bound_cidr_list"))
        #expect(await h.error(.update, "role/r/token-bound-cidrs", ["token_bound_cidrs": "bogus"])?.description
            .hasPrefix("failed to parse token_bound_cidrs: error parsing address \"bogus\"") == true)
        let legacy = try await h.call(.read, "role/r/bound-cidr-list")
        #expect(legacy?.warnings.first?.contains("bound_cidr_list") == true)
        try await h.call(.update, "role/r/bound-cidr-list", ["bound_cidr_list": "10.0.0.0/8"])
        #expect(try await h.data(.read, "role/r")["secret_id_bound_cidrs"] == ["10.0.0.0/8"])
        #expect(try await h.data(.read, "role/r/local-secret-ids") == ["local_secret_ids": false])
        #expect(await h.error(.update, "role/r/local-secret-ids") == .unsupportedOperation)
        #expect(await h.error(.read, "role/r/token-type") == .unsupportedPath)
    }

    @Test("policies: token_policies retires the legacy name, policies brings it back")
    func policiesLegacy() async throws {
        let h = try await harness()
        try await h.call(.update, "role/r/policies", ["policies": "q,R"])
        #expect(try await h.data(.read, "role/r/policies") == ["token_policies": ["q", "r"], "policies": ["q", "r"]])
        try await h.call(.update, "role/r/policies", ["token_policies": "s"])
        #expect(try await h.data(.read, "role/r/policies") == ["token_policies": ["s"]])
    }

    @Test("a change that would leave the role without constraints is refused, and changes nothing")
    func constraints() async throws {
        let h = Harness()
        try await h.call(.update, "role/c", ["bind_secret_id": false, "secret_id_bound_cidrs": "10.0.0.0/8"])
        #expect(await h.error(.delete, "role/c/secret-id-bound-cidrs")
            == .internalError("at least one constraint should be enabled on the role"))
        #expect(try await h.data(.read, "role/c")["secret_id_bound_cidrs"] == ["10.0.0.0/8"])
        try await h.call(.delete, "role/c/bind-secret-id")
        try await h.call(.delete, "role/c/secret-id-bound-cidrs")
        #expect(try await h.data(.read, "role/c")["bind_secret_id"] == true)
    }
}
