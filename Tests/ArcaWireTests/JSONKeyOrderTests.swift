import ArcaWire
import Testing

/// Found by the `json` fuzz target (Sources/ArcaFuzzTargets/JSONFuzz.swift): writing a document
/// twice could give different bytes. Keys were sorted with String's `<`, which compares canonical
/// forms: for "e\u{301}" and "\u{E9}\\" neither is less than the other, so their order followed the
/// dictionary's (per-process) hash order. Keys are now sorted by UTF-8 bytes, as Go sorts them.
@Suite struct JSONKeyOrderTests {
    // ("e\u{301}" and "\u{E9}" are one key: Swift's String equality is canonical equivalence.)
    static let keys = ["\u{DF}[-", "e\u{301}", "\u{E9}\\", "a"]

    @Test("keys are written in UTF-8 byte order")
    func byteOrder() {
        let object = JSONValue.object(Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, JSONValue.null) }))
        let expected = "{\"a\":null,\"e\u{301}\":null,\"\u{DF}[-\":null,\"\u{E9}\\\\\":null}"
        #expect(Array(JSONWriter.encode(object)) == Array(expected.utf8))
    }

    @Test("the same object written from any insertion order gives the same bytes")
    func stable() throws {
        var outputs = Set<[UInt8]>()
        for shift in 0..<Self.keys.count {
            var d: [String: JSONValue] = [:]
            for k in Self.keys[shift...] + Self.keys[..<shift] { d[k] = .bool(true) }
            let bytes = JSONWriter.encode(.object(d))
            outputs.insert(bytes)
            #expect(JSONWriter.encode(try JSONParser.parse(bytes)) == bytes)
        }
        #expect(outputs.count == 1)
    }
}

/// Also found by the `json` fuzz target: `JSONNumber(Double.nan)` was written `nan`, which no JSON
/// parser (ours included) reads back.
@Suite struct JSONNonFiniteNumberTests {
    @Test("NaN and the infinities are written null, and the document parses", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(_ value: Double) throws {
        let bytes = JSONWriter.encode(["x": .number(JSONNumber(value)), "y": 1])
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"x":null,"y":1}"#)
        #expect(try JSONParser.parse(bytes) == ["x": nil, "y": 1])
    }

    @Test("finite doubles are unchanged")
    func finite() {
        #expect(JSONNumber(1.5).literal == "1.5")
        #expect(JSONNumber(3.0).literal == "3")
        #expect(JSONNumber(1e300).literal == "1e+300")
    }
}
