import ArcaWire
import Testing

/// `ResponseEnvelope.encoded()` writes the envelope directly; it must give the same bytes as
/// encoding its `json` form with the general writer.
@Suite struct ResponseEnvelopeEncodingTests {
    static let envelopes: [ResponseEnvelope] = [
        ResponseEnvelope(requestID: "r-1"),
        ResponseEnvelope(
            requestID: "5e3c\"<&>", leaseID: "database/creds/app/abc", renewable: true, leaseDuration: 3600,
            data: ["username": "v-app-1", "nested": ["b": 1, "a": [true, .null, "x\u{2028}y"]]],
            warnings: ["first", "second \"quoted\""]),
        ResponseEnvelope(requestID: "", wrapInfo: ["token": "hvs.x", "ttl": 60], warnings: []),
        ResponseEnvelope(requestID: "r-2", auth: ["client_token": "t", "policies": ["default"]]),
        ResponseEnvelope(requestID: "r-3", data: ["k": "v"], topLevel: ["keys": ["1": 1700000000], "aaa": "first"]),
    ]

    @Test("the direct encoding equals the general writer's, member order included", arguments: envelopes)
    func sameBytes(envelope: ResponseEnvelope) {
        #expect(envelope.encoded() == JSONWriter.encode(envelope.json))
    }

    @Test("the encoding parses back to the same envelope", arguments: envelopes)
    func roundTrip(envelope: ResponseEnvelope) throws {
        let parsed = try ResponseEnvelope(json: JSONParser.parse(envelope.encoded()))
        #expect(parsed == envelope)
    }
}
