/// A value on the right of `=`, or inside a list or object.
public enum HCLValue: Sendable, Equatable {
    /// A quoted string or a heredoc, escapes already resolved.
    case string(String)
    /// A number, kept as written.
    case number(HCLNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `[a, b]`.
    case list([HCLValue])
    /// `{ k = v }`. The body keeps members in order, with their positions, repeats included.
    case object(HCLBody)
}

extension HCLValue {
    /// The string, when this is a string.
    public var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    /// The number, when this is a number.
    public var numberValue: HCLNumber? {
        guard case .number(let n) = self else { return nil }
        return n
    }

    /// The boolean, when this is a boolean.
    public var boolValue: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    /// The items, when this is a list.
    public var listValue: [HCLValue]? {
        guard case .list(let items) = self else { return nil }
        return items
    }

    /// The members, when this is an object.
    public var objectValue: HCLBody? {
        guard case .object(let body) = self else { return nil }
        return body
    }

    /// A short name of the kind of value, for messages such as "'ui' must be a bool, not a list".
    public var kindName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .list: "list"
        case .object: "object"
        }
    }
}
