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
        if type == .durationSeconds {
            switch raw {
            case .number(let n):
                guard let v = n.int64 else { throw FieldCoercionError("expected whole seconds") }
                return Int(v)
            case .string(let s):
                guard let v = DurationParser.seconds(s) else { throw FieldCoercionError("invalid duration '\(s)'") }
                return Int(v)
            default: throw FieldCoercionError("expected a duration")
            }
        }
        switch raw {
        case .number(let n):
            guard let v = n.int64 else { throw FieldCoercionError("expected an integer") }
            return Int(v)
        case .string(let s):
            guard let v = Int(s.trimmingSpacesForField()) else { throw FieldCoercionError("cannot parse '\(s)' as int") }
            return v
        default: throw FieldCoercionError("expected an integer")
        }
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
