import ArcaCore
import ArcaWire
import HTTPTypes
import Testing

/// Durations and numbers a client sends, over HTTP: the answers `bao server -dev` (OpenBao 2.7.2)
/// gives, and never a trap. Before the fix the first wrap request below killed the server with an
/// arithmetic overflow (a default-policy token is enough), and a tune TTL of `999999999999999d` did too.
@Suite struct DurationBoundsWireTests {
    static let wrapTTL = HTTPField.Name("X-Vault-Wrap-TTL")!
    static let overflow = "multiplication of durations resulted in overflow, one operand may be too large"

    func defaultToken(_ h: WireHarness, _ root: String) async throws -> String {
        let r = try await h.call(.post, "/v1/auth/token/create", token: root, json: #"{"policies":["default"]}"#)
        return try #require(r.body?["auth"]?["client_token"]?.stringValue)
    }

    @Test("X-Vault-Wrap-TTL: bounded, negative refused, OpenBao's texts", arguments: [
        ("9223372036854775000", "error parsing X-Vault-Wrap-TTL header: " + overflow),
        ("9999999999", "error parsing X-Vault-Wrap-TTL header: " + overflow),
        ("-5", "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative"),
        ("-5s", "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative"),
        ("garbage", #"error parsing X-Vault-Wrap-TTL header: time: invalid duration "garbage""#),
        ("99999999999999999999", #"error parsing X-Vault-Wrap-TTL header: time: invalid duration "99999999999999999999""#),
        ("1e5", #"error parsing X-Vault-Wrap-TTL header: time: unknown unit "e" in duration "1e5""#),
        ("2562048h", #"error parsing X-Vault-Wrap-TTL header: time: invalid duration "2562048h""#),
    ])
    func wrapTTLRefused(_ header: String, _ message: String) async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            let token = try await defaultToken(h, root)
            let r = try await h.call(.post, "/v1/sys/wrapping/wrap", token: token, json: #"{"a":"b"}"#, headers: [Self.wrapTTL: header])
            #expect(r.status == 400 && r.errors == [message], "\(r.rawBody)")
            // The server is still there.
            #expect(try await h.call(.get, "/v1/sys/health").status == 200)
        }
    }

    @Test("the longest wrap TTL OpenBao takes is served, and the wrapped response unwraps")
    func longestWrapTTL() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            let token = try await defaultToken(h, root)
            let r = try await h.call(.post, "/v1/sys/wrapping/wrap", token: token, json: #"{"a":"b"}"#, headers: [Self.wrapTTL: "2562047h"])
            #expect(r.status == 200 && r.body?["wrap_info"]?["ttl"] == 9_223_369_200, "\(r.rawBody)")
            let wrapping = try #require(r.body?["wrap_info"]?["token"]?.stringValue)
            let lookup = try await h.call(.post, "/v1/sys/wrapping/lookup", token: root, json: #"{"token":"\#(wrapping)"}"#)
            #expect(lookup.body?["data"]?["creation_ttl"] == 9_223_369_200)
            let unwrapped = try await h.call(.post, "/v1/sys/wrapping/unwrap", token: wrapping)
            #expect(unwrapped.body?["data"]?["a"] == "b", "\(unwrapped.rawBody)")
        }
    }

    @Test("tune TTLs: bounded with OpenBao's texts, nothing stored", arguments: [
        (#"{"default_lease_ttl":"999999999999999d"}"#, overflow),
        (#"{"default_lease_ttl":"9223372036854775000"}"#, overflow),
        (#"{"max_lease_ttl":9223372036854775000}"#, overflow),
        (#"{"max_lease_ttl":"2562048h"}"#, #"time: invalid duration "2562048h""#),
        (#"{"default_lease_ttl":"99999999999999999999"}"#, #"time: invalid duration "99999999999999999999""#),
    ])
    func tune(_ body: String, _ message: String) async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            try await h.call(.post, "/v1/sys/mounts/secret", token: root, json: #"{"type":"kv"}"#)
            let r = try await h.call(.post, "/v1/sys/mounts/secret/tune", token: root, json: body)
            #expect(r.status == 400 && r.errors == [message], "\(r.rawBody)")
            let read = try await h.call(.get, "/v1/sys/mounts/secret/tune", token: root)
            #expect(read.body?["data"]?["max_lease_ttl"] == 2_764_800 && read.body?["data"]?["default_lease_ttl"] == 2_764_800)
        }
    }

    @Test("KV numbers: a huge version, a bad cas, a negative version (the latest)")
    func kvNumbers() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            try await h.call(.post, "/v1/sys/mounts/secret", token: root, json: #"{"type":"kv","options":{"version":"2"}}"#)
            try await h.call(.put, "/v1/secret/data/a", token: root, json: #"{"data":{"x":1}}"#)
            var r = try await h.call(.get, "/v1/secret/data/a?version=99999999999999999999", token: root)
            #expect(r.status == 400 && r.errors == [
                "Field validation failed: error converting input for field \"version\": '' cannot parse value as 'int': strconv.ParseInt: value out of range",
            ], "\(r.rawBody)")
            r = try await h.call(.get, "/v1/secret/data/a?version=9223372036854775807", token: root)
            #expect(r.status == 404)
            r = try await h.call(.get, "/v1/secret/data/a?version=-1", token: root)
            #expect(r.status == 200 && r.body?["data"]?["metadata"]?["version"] == 1, "\(r.rawBody)")
            for cas in ["99999999999999999999", #""abc""#, "1.5"] {
                r = try await h.call(.put, "/v1/secret/data/a", token: root, json: #"{"options":{"cas":\#(cas)},"data":{"x":2}}"#)
                #expect(r.status == 400 && r.errors == ["error parsing check-and-set parameter"], "cas \(cas): \(r.rawBody)")
            }
            r = try await h.call(.put, "/v1/secret/data/a", token: root, json: #"{"options":{"cas":"1"},"data":{"x":2}}"#)
            #expect(r.status == 200 && r.body?["data"]?["version"] == 2)
            r = try await h.call(.post, "/v1/secret/metadata/a", token: root, json: #"{"max_versions":99999999999999999999}"#)
            #expect(r.status == 400 && r.errors == [
                "error converting input for field \"max_versions\": '' cannot parse value as 'int': strconv.ParseInt: value out of range",
            ], "\(r.rawBody)")
            r = try await h.call(.post, "/v1/secret/metadata/a", token: root, json: #"{"delete_version_after":9223372036854775000}"#)
            #expect(r.status == 400 && r.errors == ["error converting input for field \"delete_version_after\": " + Self.overflow])
            // The longest soft-delete delay is served (292 years on).
            r = try await h.call(.post, "/v1/secret/metadata/a", token: root, json: #"{"delete_version_after":9223372036}"#)
            #expect(r.status == 204)
            r = try await h.call(.put, "/v1/secret/data/a", token: root, json: #"{"data":{"x":3}}"#)
            #expect(r.status == 200 && r.body?["data"]?["deletion_time"]?.stringValue?.hasPrefix("23") == true, "\(r.rawBody)")
        }
    }

    @Test("token create: a negative ttl is OpenBao's 400, not a token that never expires")
    func negativeTokenTTL() async throws {
        try await WireHarness.run { h in
            let (_, root) = try await h.initAndUnseal()
            for body in [#"{"ttl":-1}"#, #"{"ttl":"-1s"}"#] {
                let r = try await h.call(.post, "/v1/auth/token/create", token: root, json: body)
                #expect(r.status == 400 && r.errors == ["ttl must be positive"], "\(body): \(r.rawBody)")
            }
        }
    }
}
