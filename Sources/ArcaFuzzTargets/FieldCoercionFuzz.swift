import ArcaFuzzing
import ArcaSDK
import ArcaWire

/// `FieldData`'s coercions (Vault's `FieldType` rules): an input is a JSON value (or, when it is
/// not JSON, a string holding the text), read as every Swift field type under every field type.
/// Nothing traps; a field's validation refuses exactly what its read refuses; and each read
/// gives what Vault's rule says (a string is the text, a bool is true/false/1/0/t/f, an integer
/// is the exact value, comma lists hold no empty or padded items, `kvPairs` split at the first
/// `=`). Durations are fuzzed in `DurationFuzzTests`; here only that they never trap.
enum FieldCoercionFuzz {
    static let target = FuzzTarget(
        name: "field-coercion",
        seeds: [
            "\"1h30m\"", "3600", "-1", "9223372036854775807", "9223372036854775808", "1e3", "1.5", "\" 42 \"", "\"t\"",
            "\"FALSE\"", "\"a, b,,c ,\"", "[\"a\",1,true]", "[\"k=v\",\"x==y\",\"=\"]", "{\"a\":{}}", "null", "\"\"",
            "\"9223372036854775807s\"", "\"1.5h\"", "\"-5m\"", "[null]", "\"\\u00a0 7\\u2003\"", "0.0", "-0", "1E+2",
        ],
        dictionary: ["\"", ",", " ", "=", "[", "]", "{", "}", "true", "1", "0", "t", "f", "h", "m", "s", "ms", "us", "µs", "ns", "d", ".", "e", "-"],
        maxLength: 256,
        body: .sync(check))

    /// Every field type (by raw value, so a type added later is picked up by name here).
    static let types: [FieldType] =
        [.string, .int, .bool, .durationSeconds, .commaStringSlice, .stringSlice, .map, .kvPairs]
        + ["signedDurationSeconds"].compactMap(FieldType.init(rawValue:))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        let value = (try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self))
        var accepted = false
        for type in types {
            accepted = try read(String.self, value, type) || accepted
            accepted = try read(Int.self, value, type) || accepted
            accepted = try read(Bool.self, value, type) || accepted
            accepted = try read([String].self, value, type) || accepted
            accepted = try read([String: JSONValue].self, value, type) || accepted
        }
        return accepted ? .accepted : .rejected
    }

    /// Reads `value` as `T` under `type` through a field, and checks the answer.
    static func read<T: FieldValue>(_: T.Type, _ value: JSONValue, _ type: FieldType) throws(FuzzViolation) -> Bool {
        let field = Field<T>("f", type, description: "")
        let fields = FieldData(raw: ["f": value], specs: [field.spec])
        let direct = Result { () throws(FieldCoercionError) -> T in try T.coerce(value, as: type) }
        let validated = (try? field.spec.validate(value)) != nil
        let viaField: T?
        do { viaField = try fields.ifPresent(field) } catch { viaField = nil }
        if value == .null {
            try fuzzRequire(viaField == nil, "a null field read as present")
            return false
        }
        guard case .success(let result) = direct else {
            try fuzzRequire(!validated, "validation let through a value the read refuses")
            try fuzzRequire(viaField == nil, "the field read succeeded where coercion failed")
            return false
        }
        try fuzzRequire(validated, "validation refused \(value) that reads as \(T.self) under .\(type)")
        try fuzzRequire(viaField != nil, "the field read failed where coercion succeeded")
        try rule(result, value, type)
        return true
    }

    static func rule<T>(_ result: T, _ value: JSONValue, _ type: FieldType) throws(FuzzViolation) {
        switch result {
        case let s as String:
            switch value {
            case .string(let text): try fuzzRequire(s == text, "a string read changed the text")
            case .number(let n): try fuzzRequire(s == n.literal, "a number read as string is not its literal")
            case .bool(let b): try fuzzRequire(s == (b ? "true" : "false"), "a bool read as string")
            default: throw FuzzViolation("\(value) read as a string")
            }
        case let b as Bool:
            switch value {
            case .bool(let given): try fuzzRequire(b == given, "a bool read changed the value")
            case .string(let text):
                let t = text.lowercased()
                try fuzzRequire(b ? ["true", "1", "t"].contains(t) : ["false", "0", "f", ""].contains(t), "\(text.debugDescription) read as \(b)")
            case .number(let n): try fuzzRequire(n.int64 == (b ? 1 : 0), "\(n) read as \(b)")
            default: throw FuzzViolation("\(value) read as a bool")
            }
        case let i as Int:
            if type.rawValue.hasSuffix("urationSeconds") { return }
            switch value {
            case .number(let n): try fuzzRequire(n.int64 == Int64(i), "\(n) read as \(i)")
            case .string(let text):
                try fuzzRequire(text.contains(String(i.magnitude)) || i == 0, "\(text.debugDescription) read as \(i)")
            default: throw FuzzViolation("\(value) read as an int")
            }
        case let list as [String]:
            switch value {
            case .string(let text):
                if type == .stringSlice {
                    try fuzzRequire(list == (text.isEmpty ? [] : [text]), "a string slice split \(text.debugDescription)")
                } else {
                    for item in list {
                        try fuzzRequire(!item.isEmpty, "an empty item in a comma list")
                        try fuzzRequire(!item.contains(","), "an item holds a comma")
                        try fuzzRequire(item.first?.isWhitespace != true && item.last?.isWhitespace != true, "a padded item \(item.debugDescription)")
                    }
                }
            case .array(let items): try fuzzRequire(list.count == items.count, "a list read lost items")
            default: throw FuzzViolation("\(value) read as a list")
            }
        case let map as [String: JSONValue]:
            switch value {
            case .object(let o): try fuzzRequire(map == o, "a map read changed the object")
            case .array(let items):
                try fuzzRequire(type == .kvPairs, "a list read as a map under .\(type)")
                for (k, v) in map {
                    try fuzzRequire(!k.contains("="), "a kv key holds '='")
                    try fuzzRequire(items.contains(.string(k + "=" + (v.stringValue ?? "\u{0}"))), "kv pair \(k)=\(v) not in the input")
                }
            default: throw FuzzViolation("\(value) read as a map")
            }
        default:
            break
        }
    }
}
