import ArcaFuzzing
import ArcaWire

/// ArcaWire's JSON parser and writer: any bytes parse or fail with an offset inside the input;
/// whatever parses is written and parsed back to the same value, and written the same way again.
enum JSONFuzz {
    static let target = FuzzTarget(
        name: "json",
        seeds: [
            #"{"data":{"password":"s3cr3t","ttl":"1h","n":9223372036854775807,"f":-1.5e-3,"list":[true,false,null]}}"#,
            #"{"policies":["default","root"],"meta":{"é":"\u00e9\ud83d\udd11\u2028","<tag>":"&"},"x":[[],{}]}"#,
            #"[1, 2.0, -0, 0.5e+10, "\"\\\/\b\f\n\r\t", "\uD800", "\uDC00\uD800x"]"#,
            "  \n\t{\"a\" : [ ] , \"b\" : { } }\r\n",
            "\"just a string\"", "true", "null", "-12345678901234567890123"
        ],
        dictionary: [
            "{", "}", "[", "]", ":", ",", "\"", "\\\"", "\\u", "\\ud83d", "\\udd11", "\\u0000", "true", "false", "null",
            "-", "0", "1e", "E+", ".5", "\"k\":", "[[[[[[[[", "{\"a\":{\"a\":",
        ],
        generator: { rng in
            rng.oneIn(4) ? [0xFF] + rng.bytes(8) : JSONWriter.encode(randomValue(&rng, depth: 0), pretty: rng.oneIn(2))
        },
        body: .sync(check))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        // Byte 0xFF first (never valid JSON): the rest seeds a value built in code, whose
        // written form must parse back to it.
        if bytes.first == 0xFF {
            var rng = FuzzRandom(seed: bytes.dropFirst().reduce(UInt64(bytes.count)) { $0 &* 31 &+ UInt64($1) })
            let built = randomValue(&rng, depth: 0)
            let written = JSONWriter.encode(built)
            try fuzzRequire((try? JSONParser.parse(written)) != nil, "a value built in code is written as invalid JSON: \(FuzzRunner.render(written))")
            return .accepted
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            try fuzzRequire((0...bytes.count).contains(error.offset), "error offset \(error.offset) outside the input")
            try fuzzRequire(!error.message.isEmpty, "empty error message")
            return .rejected
        }
        let written = JSONWriter.encode(value)
        let again: JSONValue
        do {
            again = try JSONParser.parse(written)
        } catch {
            throw FuzzViolation("written form does not parse (\(error)): \(FuzzRunner.render(written))")
        }
        try fuzzRequire(again == value, "round trip changed the value: \(FuzzRunner.render(written))")
        try fuzzRequire(JSONWriter.encode(again) == written, "writing is not stable")
        let pretty = JSONWriter.encode(value, pretty: true)
        try fuzzRequire((try? JSONParser.parse(pretty)) == value, "pretty form does not parse back to the value")
        return .accepted
    }

    /// A value built through the public initialisers, as code in the server builds responses.
    static func randomValue(_ rng: inout FuzzRandom, depth: Int) -> JSONValue {
        switch rng.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.oneIn(2))
        case 2:
            switch rng.below(4) {
            case 0: return .number(JSONNumber(Int64(bitPattern: rng.next())))
            case 1: return .number(JSONNumber(rng.next()))
            case 2: return .number(JSONNumber(Double(bitPattern: rng.next())))
            default: return .number(JSONNumber(Double(rng.int(in: -1_000_000...1_000_000)) / 64))
            }
        case 3, 4: return .string(rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(12)))
        case 5: return .array((0..<rng.below(5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<rng.below(5) {
                object[rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(6))] = randomValue(&rng, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
