import ArcaWire
import Testing

@Suite struct JSONTests {
    @Test("integers stay exact beyond 2^53")
    func exactIntegers() throws {
        let v = try JSONParser.parse(#"{"cas": 9007199254740993, "ttl": -1, "f": 1.5}"#)
        #expect(v["cas"]?.int64Value == 9_007_199_254_740_993)
        #expect(JSONWriter.string(v) == #"{"cas":9007199254740993,"f":1.5,"ttl":-1}"#)
    }

    @Test("round trip of every kind, with escapes")
    func roundTrip() throws {
        let text = #"{"a":[true,false,null,"x\"y\\z\n\u0001<>&"],"b":{"c":"é🔑"}}"#
        let v = try JSONParser.parse(text)
        #expect(v["b"]?["c"] == "é🔑")
        #expect(try JSONParser.parse(JSONWriter.string(v)) == v)
        #expect(JSONWriter.string("<&>") == #""\u003c\u0026\u003e""#)
        #expect(try JSONParser.parse(#""\ud83d\udd11""#) == "🔑")
    }

    @Test("strings are escaped as Go's encoder does, whatever sits around the escapes")
    func stringEscapes() throws {
        #expect(JSONWriter.string("") == #""""#)
        #expect(JSONWriter.string("plain é🔑 text") == "\"plain é🔑 text\"")
        #expect(JSONWriter.string("a\u{2028}b\u{2029}") == #""a\u2028b\u2029""#)
        #expect(JSONWriter.string("\u{2027}\u{202A}") == "\"\u{2027}\u{202A}\"", "neighbours of U+2028 pass through")
        #expect(JSONWriter.string("\u{0}\u{1f}\t\r\n\"\\") == #""\u0000\u001f\t\r\n\"\\""#)
        #expect(JSONWriter.string("x<y>&") == #""x\u003cy\u003e\u0026""#)
        let mixed = String(repeating: "ab\"c\u{2028}é\n", count: 50)
        #expect(try JSONParser.parse(JSONWriter.string(.string(mixed))) == .string(mixed))
    }

    @Test("malformed documents are errors with Go-like messages", arguments: [
        ("{bad", "invalid character 'b' looking for beginning of object key string"),
        ("", "unexpected end of JSON input"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        ("{\"a\":1}x", "invalid character 'x' after top-level value"),
        ("01", "invalid character '1' after top-level value"),
        ("\"a\u{01}\"", "invalid character '\\x1' in string literal"),
        ("tru", "invalid literal, expected 'true'"),
        ("\"\\x\"", "invalid character 'x' in string escape code"),
    ])
    func malformed(text: String, message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test("deep nesting is refused, not a crash")
    func depth() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test("envelopes")
    func envelopes() throws {
        let e = ErrorEnvelope(errors: ["permission denied"])
        #expect(JSONWriter.string(e.json) == #"{"errors":["permission denied"]}"#)
        let r = ResponseEnvelope(requestID: "id", data: ["k": "v"])
        #expect(try ResponseEnvelope(json: r.json) == r)
        #expect(r.json["wrap_info"] == .null && r.json["lease_duration"] == 0)
    }
}
