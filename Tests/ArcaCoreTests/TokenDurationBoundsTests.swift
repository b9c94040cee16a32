import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

/// Issue 36 item 2, the token store's part: `ttl`, `explicit_max_ttl`, `period`, `num_uses` and
/// the roles' durations are bounded; negative is a 400; arithmetic on expiry times saturates.
/// Messages and caps as `bao server -dev` (OpenBao 2.7.2) answers the same requests.
@Suite struct TokenDurationBoundsTests {
    /// A little over what a Go duration holds in seconds: OpenBao answers 400 to it.
    static let huge: JSONValue = .number(JSONNumber(Int64(9_223_372_036_854_775_000)))
    static let overflow = "multiplication of durations resulted in overflow, one operand may be too large"

    func call(
        _ core: Core, _ path: String, token: String, _ data: [String: JSONValue] = [:], operation: ArcaSDK.Operation = .update
    ) async -> Result<LogicalResponse?, LogicalError> {
        do {
            return .success(try await RequestHandler(core: core).handle(
                operation: operation, path: path, data: data, token: token, requestID: "t", remoteAddress: nil))
        } catch let e as LogicalError {
            return .failure(e)
        } catch {
            return .failure(.coded(status: 500, message: "\(error)"))
        }
    }

    func error(_ r: Result<LogicalResponse?, LogicalError>) -> LogicalError? {
        if case .failure(let e) = r { return e }
        return nil
    }

    func response(_ r: Result<LogicalResponse?, LogicalError>) -> LogicalResponse? {
        if case .success(let v) = r { return v }
        return nil
    }

    @Test("negative ttl, explicit_max_ttl, period and num_uses are refused (ttl -1 was a token that never expired)")
    func negatives() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        for (field, message) in [("ttl", "ttl must be positive"), ("explicit_max_ttl", "explicit_max_ttl must be positive"),
                                 ("period", "period must be positive"), ("num_uses", "number of uses cannot be negative")] {
            let r = await call(core, "auth/token/create", token: root, ["policies": ["default"], field: -1])
            #expect(error(r) == .invalidRequest(message), "\(field)")
        }
        // Whatever the field parser does with a negative duration string, it is a 400, never a token.
        for field in ["ttl", "explicit_max_ttl", "period"] {
            let r = await call(core, "auth/token/create", token: root, ["policies": ["default"], field: "-1"])
            guard case .invalidRequest = error(r) else {
                Issue.record("\(field)=\"-1\": \(r)")
                continue
            }
        }
    }

    @Test("durations past what a duration holds are a 400, not a token or a trap")
    func huge() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        for field in ["ttl", "explicit_max_ttl", "period"] {
            let r = await call(core, "auth/token/create", token: root, ["policies": ["default"], field: Self.huge])
            #expect(error(r) == .invalidRequest(Self.overflow), "\(field)")
            let s = await call(core, "auth/token/create", token: root, ["policies": ["default"], field: "9223372036854775807"])
            #expect(error(s) == .invalidRequest(Self.overflow), "\(field) as a string")
        }
        let t = try #require(response(await call(core, "auth/token/create", token: root, ["policies": ["default"], "ttl": "1h"]))?
            .auth?["client_token"]?.stringValue)
        #expect(error(await call(core, "auth/token/renew-self", token: t, ["increment": Self.huge]))
            == .invalidRequest("Field validation failed: error converting input for field \"increment\": " + Self.overflow))
        #expect(error(await call(core, "auth/token/renew-self", token: t, ["increment": -1]))
            == .invalidRequest("Field validation failed: error converting input for field \"increment\": cannot provide negative value '-1'"))
    }

    @Test("ttl and period are capped at the system max TTL with OpenBao's warnings; a huge num_uses is kept")
    func capped() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let ttl = try #require(response(await call(core, "auth/token/create", token: root, ["policies": ["default"], "ttl": "10000h"])))
        #expect(ttl.auth?["lease_duration"] == .int(2_764_800))
        #expect(ttl.warnings == [#"TTL of "10000h" exceeded the effective max_ttl of "768h"; TTL value is capped accordingly"#])
        let period = try #require(response(await call(core, "auth/token/create", token: root, ["period": "10000h"])))
        #expect(period.auth?["lease_duration"] == .int(2_764_800))
        #expect(period.warnings == [#"period of "10000h" exceeded the effective max_ttl of "768h"; period value is capped accordingly"#])
        let emax = try #require(response(await call(core, "auth/token/create", token: root, ["policies": ["default"], "explicit_max_ttl": "10000h"])))
        #expect(emax.auth?["lease_duration"] == .int(2_764_800))
        let many = try #require(response(await call(
            core, "auth/token/create", token: root, ["policies": ["default"], "num_uses": .number(JSONNumber(Int64(9_223_372_036_854_775_000)))])))
        #expect(many.auth?["num_uses"] == .number(JSONNumber(Int64(9_223_372_036_854_775_000))))
        let id = try #require(many.auth?["client_token"]?.stringValue)
        let lookup = await call(core, "auth/token/lookup-self", token: id, operation: .read)
        let looked = try #require(response(lookup), "\(lookup)")
        #expect(looked.data?["num_uses"] == .number(JSONNumber(Int64(9_223_372_036_854_774_999))))
    }

    @Test("role durations: negative and huge are refused as OpenBao refuses them; token_num_uses too")
    func roleFields() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let cases: [(String, JSONValue, String)] = [
            ("token_period", -1, "error converting input for field \"token_period\": cannot provide negative value '-1'"),
            ("token_explicit_max_ttl", -1, "error converting input for field \"token_explicit_max_ttl\": cannot provide negative value '-1'"),
            ("token_period", Self.huge, "error converting input for field \"token_period\": " + Self.overflow),
            ("token_explicit_max_ttl", Self.huge, "error converting input for field \"token_explicit_max_ttl\": " + Self.overflow),
            ("token_num_uses", -1, "error parsing role fields: 'token_num_uses' cannot be negative"),
        ]
        for (field, value, message) in cases {
            #expect(error(await call(core, "auth/token/roles/r", token: root, [field: value])) == .invalidRequest(message), "\(field)")
        }
        _ = await call(core, "auth/token/roles/rp", token: root, ["token_period": "10000h"])
        let r = try #require(response(await call(core, "auth/token/create/rp", token: root)))
        #expect(r.auth?["lease_duration"] == .int(2_764_800))
        #expect(r.warnings == [#"period of "10000h" exceeded the effective max_ttl of "768h"; period value is capped accordingly"#])
    }

    @Test("entries and roles stored with out-of-range durations (older stores) cannot make renewal or creation trap")
    func storedValuesSaturate() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        // A role written before durations were bounded.
        try await core.barrier.putJSON("logical/token/sys/token/role/old", [
            "name": "old", "token_explicit_max_ttl": Self.huge, "token_period": Self.huge,
        ])
        let viaRole = await call(core, "auth/token/create/old", token: root, ["policies": ["default"]])
        #expect(response(viaRole)?.auth?["lease_duration"] == .int(2_764_800), "\(viaRole)")
        // A token entry with a huge explicit max TTL: renewal must not trap on creation + max.
        let t = try #require(response(await call(core, "auth/token/create", token: root, ["policies": ["default"], "ttl": "1h"]))?
            .auth?["client_token"]?.stringValue)
        let key = "sys/token/id/" + (try core.tokens.idKey(t))
        var doc = try #require(try await core.barrier.getJSON(key)?.objectValue)
        doc["explicit_max_ttl"] = Self.huge
        doc["max_ttl"] = Self.huge
        try await core.barrier.putJSON(key, .object(doc))
        let renewed = await call(core, "auth/token/renew-self", token: t, ["increment": "2h"])
        #expect(response(renewed)?.auth?["lease_duration"] == .int(7200), "\(renewed)")
    }
}
