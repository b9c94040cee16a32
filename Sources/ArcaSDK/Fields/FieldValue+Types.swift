public import ArcaWire

extension String: FieldValue {
    public static var zero: String { "" }
    public static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> String {
        switch raw {
        case .string(let s): return s
        case .number(let n): return n.literal
        case .bool(let b): return b ? "true" : "false"
        default: throw FieldCoercionError("expected a string")
        }
    }
}

extension Bool: FieldValue {
    public static var zero: Bool { false }
    public static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> Bool {
        switch raw {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true", "1", "t": return true
            case "false", "0", "f", "": return false
            default: throw FieldCoercionError("cannot parse '\(s)' as bool")
            }
        case .number(let n) where n.int64 == 0 || n.int64 == 1: return n.int64 == 1
        default: throw FieldCoercionError("expected a bool")
        }
    }
}

extension Int: FieldValue {
    public static var zero: Int { 0 }
    public static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> Int {
        switch type {
        case .durationSeconds, .signedDurationSeconds: return try duration(raw, signed: type == .signedDurationSeconds)
        default: return try integer(raw)
        }
    }

    /// Vault's duration fields: a number's literal or a string read by `DurationParser.vaultSeconds`,
    /// with OpenBao's texts; a negative value refused unless `signed`.
    private static func duration(_ raw: JSONValue, signed: Bool) throws(FieldCoercionError) -> Int {
        let text: String
        switch raw {
        case .number(let n): text = n.literal
        case .string(let s): text = s
        default: throw FieldCoercionError("could not parse duration from input")
        }
        let seconds = try DurationParser.vaultSeconds(text)
        if !signed && seconds < 0 { throw FieldCoercionError("cannot provide negative value '\(seconds)'") }
        return Int(seconds)
    }

    /// Vault's integer fields: a JSON integer (or an integral literal such as `3.0`), or a
    /// decimal string as Go's `strconv.ParseInt` reads it (`""` is 0, no spaces), with OpenBao's texts.
    private static func integer(_ raw: JSONValue) throws(FieldCoercionError) -> Int {
        let literal: Substring
        switch raw {
        case .number(let n):
            if let v = n.int64 { return Int(v) }
            literal = Substring(n.literal)
        case .string(let s):
            if s.isEmpty { return 0 }
            literal = Substring(s)
        case .bool: throw unconvertible("bool")
        case .array: throw unconvertible("[]interface {}")
        case .object: throw unconvertible("map[string]interface {}")
        case .null: throw unconvertible("<nil>")
        }
        switch GoInt.parse(literal) {
        case .value(let v): return Int(v)
        case .syntax: throw FieldCoercionError("'' cannot parse value as 'int': strconv.ParseInt: invalid syntax")
        case .range: throw FieldCoercionError("'' cannot parse value as 'int': strconv.ParseInt: value out of range")
        }
    }

    private static func unconvertible(_ goType: String) -> FieldCoercionError {
        FieldCoercionError("'' expected type 'int', got unconvertible type '\(goType)'")
    }
}

extension Array: FieldValue where Element == String {
    public static var zero: [String] { [] }
    public static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> [String] {
        switch raw {
        case .string(let s):
            // A plain string slice keeps a string whole (SQL statements hold commas).
            if type == .stringSlice { return s.isEmpty ? [] : [s] }
            return s.split(separator: ",").map { String($0).trimmingSpacesForField() }.filter { !$0.isEmpty }
        case .array(let items):
            var out: [String] = []
            for item in items { out.append(try String.coerce(item, as: .string)) }
            return out
        default: throw FieldCoercionError("expected a list of strings")
        }
    }
}

extension Dictionary: FieldValue where Key == String, Value == JSONValue {
    public static var zero: [String: JSONValue] { [:] }
    public static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> [String: JSONValue] {
        switch raw {
        case .object(let o): return o
        case .array(let items) where type == .kvPairs:
            var out: [String: JSONValue] = [:]
            for item in items {
                guard case .string(let pair) = item, let eq = pair.firstIndex(of: "=") else {
                    throw FieldCoercionError("expected key=value pairs")
                }
                out[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
            }
            return out
        default: throw FieldCoercionError("expected a map")
        }
    }
}

extension String {
    fileprivate func trimmingSpacesForField() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
