import ArcaSDK
import ArcaWire
import Testing

/// AppRole's durations: bounded as OpenBao bounds them (texts checked against `bao server -dev`),
/// and the longest accepted one works end to end. Before the fix a secret id with the longest
/// `secret_id_ttl` trapped when its expiry was written in nanoseconds.
@Suite struct TTLBoundsTests {
    static let overflow = DurationParser.overflowMessage

    @Test("a role refuses a TTL past what a duration holds, as OpenBao words it", arguments: [
        "secret_id_ttl", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period", "period",
    ])
    func roleOverflow(_ field: String) async {
        let h = Harness()
        #expect(await h.error(.update, "role/web", [field: 9_223_372_036_854_775_000])
            == .invalidRequest("error converting input for field \"\(field)\": " + Self.overflow))
        #expect(await h.error(.update, "role/web", [field: "2562048h"])
            == .invalidRequest("error converting input for field \"\(field)\": time: invalid duration \"2562048h\""))
    }

    @Test("the longest secret_id_ttl gives a secret id, stored and looked up without a trap")
    func longestSecretIDTTL() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["secret_id_ttl": 9_223_372_036])
        let (secret, _) = try await h.secretID("web")
        let looked = try await h.data(.update, "role/web/secret-id/lookup", ["secret_id": .string(secret)])
        #expect(looked["secret_id_ttl"] == 9_223_372_036)
        // Stored in nanoseconds since 1970, so the expiry reads back at the end of that range (2262).
        #expect(looked["expiration_time"]?.stringValue?.hasPrefix("2262-") == true, "\(looked)")
    }

    @Test("the single-setting path refuses with the validation prefix")
    func singleSetting() async {
        let h = Harness()
        _ = try? await h.call(.update, "role/web", [:])
        #expect(await h.error(.update, "role/web/secret-id-ttl", ["secret_id_ttl": 9_223_372_036_854_775_000])
            == .invalidRequest("Field validation failed: error converting input for field \"secret_id_ttl\": " + Self.overflow))
    }
}
