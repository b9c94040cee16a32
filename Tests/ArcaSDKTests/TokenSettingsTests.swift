import ArcaSDK
import ArcaWire
import Testing

@Suite struct TokenSettingsTests {
    func apply(_ raw: [String: JSONValue], to settings: TokenSettings = TokenSettings(), specs: [FieldSpec] = TokenSettings.fieldsWithLegacy)
        throws -> TokenSettings
    {
        var s = settings
        try s.update(from: FieldData(raw: raw, specs: specs))
        return s
    }

    @Test("token_* values are read and shown with Vault's names; token_policies stay as written")
    func basics() throws {
        let s = try apply([
            "token_ttl": "1h", "token_max_ttl": 7200, "token_policies": "b,A", "token_bound_cidrs": ["10.0.0.0/8", "127.0.0.1/32"],
            "token_type": "service", "token_num_uses": "3", "token_no_default_policy": true,
        ])
        #expect(s.ttl == 3600 && s.maxTTL == 7200 && s.numUses == 3 && s.noDefaultPolicy && s.type == "service")
        #expect(s.policies == ["b", "A"] && s.boundCIDRs == ["10.0.0.0/8", "127.0.0.1"])
        let json = s.json
        #expect(json["token_policies"] == ["b", "A"] && json["token_strictly_bind_ip"] == false)
        #expect(json["policies"] == nil && json["ttl"] == nil && json["bound_cidrs"] == nil)
        #expect(TokenSettings(storageJSON: s.storageJSON) == s)
    }

    @Test("a legacy name counts only where the path declares it, and is echoed until its token_ name replaces it")
    func legacy() throws {
        let declared = try apply(["policies": "B,a,a", "period": "5m"])
        #expect(declared.policies == ["a", "b"] && declared.period == 300)
        #expect(declared.json["policies"] == ["a", "b"] && declared.json["period"] == 300)
        let undeclared = try apply(["period": "5m"], specs: TokenSettings.fields)
        #expect(undeclared.period == 0 && undeclared.legacyNames.isEmpty)
        let retired = try apply(["token_period": "6m"], to: declared)
        #expect(retired.json["period"] == nil && retired.json["policies"] == ["a", "b"])
        let both = try apply(["token_policies": "x", "policies": "y"])
        #expect(both.policies == ["x"] && both.json["policies"] == ["x"])
        #expect(TokenSettings(storageJSON: declared.storageJSON) == declared)
    }

    @Test("Vault's validation messages", arguments: [
        (["token_type": "default-service"], "invalid 'token_type' value \"default-service\""),
        (["token_num_uses": -1], "'token_num_uses' cannot be negative"),
        (["token_period": -1], "error converting input for field \"token_period\": cannot provide negative value '-1'"),
        (["max_ttl": -2], "error converting input for field \"max_ttl\": cannot provide negative value '-2'"),
        (["token_type": "batch", "token_period": 60], "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens"),
        (["token_ttl": 10, "token_max_ttl": 5], "'token_ttl' cannot be greater than 'token_max_ttl'"),
        (["token_bound_cidrs": "10.0.0.0/33"], "error parsing address \"10.0.0.0/33\": Unable to convert \"10.0.0.0/33\" to an IPv4 or IPv6 address, or a UNIX Socket"),
        (["token_strictly_bind_ip": true, "bound_cidrs": "10.0.0.1"], "'token_strictly_bind_ip' conflicts with 'token_bound_cidrs'; set only one"),
    ] as [([String: JSONValue], String)])
    func validation(_ raw: [String: JSONValue], _ message: String) {
        #expect(throws: LogicalError.invalidRequest(message)) { try apply(raw) }
    }

    @Test("batch tokens may have an explicit max TTL; an empty type is the default")
    func batch() throws {
        #expect(try apply(["token_type": "batch", "token_explicit_max_ttl": "1h"]).explicitMaxTTL == 3600)
        #expect(try apply(["token_type": ""]).type == "default")
    }

    @Test("strict IP binding replaces the bound CIDRs with the caller's address")
    func strictBinding() throws {
        let s = try apply(["token_strictly_bind_ip": true])
        #expect(try s.forLogin(from: "192.0.2.7").boundCIDRs == ["192.0.2.7"])
        #expect(throws: LogicalError.permissionDenied) { try s.forLogin(from: nil) }
        let loose = try apply(["token_bound_cidrs": "10.0.0.0/8"])
        #expect(try loose.forLogin(from: nil) == loose)
    }
}
