/// Typed reads from a JSON object, for decoding wire DTOs.
///
/// Missing or `null` members read as `nil`; members of the wrong kind throw `WireDecodingError`.
public struct JSONObjectReader: Sendable {
    /// The object being read.
    public let object: [String: JSONValue]

    /// Reads `value`, which must be an object (or `null`, read as empty).
    public init(_ value: JSONValue) throws(WireDecodingError) {
        switch value {
        case .object(let o): object = o
        case .null: object = [:]
        default: throw WireDecodingError(message: "expected a JSON object")
        }
    }

    private func member(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    public func string(_ key: String) throws(WireDecodingError) -> String? {
        guard let v = member(key) else { return nil }
        guard case .string(let s) = v else { throw .wrongType(key, "a string") }
        return s
    }

    public func bool(_ key: String) throws(WireDecodingError) -> Bool? {
        guard let v = member(key) else { return nil }
        switch v {
        case .bool(let b): return b
        case .string(let s) where s == "true" || s == "1": return true
        case .string(let s) where s == "false" || s == "0": return false
        default: throw .wrongType(key, "a boolean")
        }
    }

    public func int(_ key: String) throws(WireDecodingError) -> Int? {
        guard let v = member(key) else { return nil }
        switch v {
        case .number(let n):
            guard let i = n.int64 else { throw .wrongType(key, "an integer") }
            return Int(i)
        case .string(let s):
            guard let i = Int(s) else { throw .wrongType(key, "an integer") }
            return i
        default: throw .wrongType(key, "an integer")
        }
    }

    public func strings(_ key: String) throws(WireDecodingError) -> [String]? {
        guard let v = member(key) else { return nil }
        guard case .array(let items) = v else { throw .wrongType(key, "a list of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw .wrongType(key, "a list of strings") }
            out.append(s)
        }
        return out
    }

    public func value(_ key: String) -> JSONValue? { member(key) }
}

/// A wire document did not have the expected shape.
public struct WireDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }

    static func wrongType(_ key: String, _ expected: String) -> WireDecodingError {
        WireDecodingError(message: "field '\(key)' must be \(expected)")
    }
}

/// A value with a fixed JSON shape on the wire.
public protocol WireObject: Sendable {
    /// Decodes from a JSON object.
    init(json: JSONValue) throws(WireDecodingError)
    /// Encodes as a JSON object.
    var json: JSONValue { get }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets `key` to `value` when it is non-nil (for optional members omitted on the wire).
    public mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}

extension JSONValue {
    /// A list of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
