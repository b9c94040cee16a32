/// A position in HCL source, 1-based.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A number literal, kept as written so integers stay exact.
public struct HCLNumber: Sendable, Equatable {
    public let literal: String

    public init(literal: String) { self.literal = literal }

    /// The exact integer value, when the literal is an integer that fits in 64 bits.
    public var int64: Int64? { Int64(literal) }
    /// The value as a double.
    public var double: Double { Double(literal) ?? .nan }
}

/// An HCL value.
public enum HCLValue: Sendable, Equatable {
    case string(String)
    case number(HCLNumber)
    case bool(Bool)
    case list([HCLValue])
    /// An object keeps its members in order, with positions.
    case object(HCLBody)
}

/// `name = value`.
public struct HCLAttribute: Sendable, Equatable {
    public var name: String
    public var value: HCLValue
    public var position: SourcePosition
    public var valuePosition: SourcePosition

    public init(name: String, value: HCLValue, position: SourcePosition, valuePosition: SourcePosition) {
        self.name = name
        self.value = value
        self.position = position
        self.valuePosition = valuePosition
    }
}

/// `type "label" ... { body }`.
public struct HCLBlock: Sendable, Equatable {
    public var type: String
    public var labels: [String]
    public var body: HCLBody
    public var position: SourcePosition

    public init(type: String, labels: [String], body: HCLBody, position: SourcePosition) {
        self.type = type
        self.labels = labels
        self.body = body
        self.position = position
    }
}

/// A sequence of attributes and blocks, each kept in source order (repeats preserved).
public struct HCLBody: Sendable, Equatable {
    public var attributes: [HCLAttribute]
    public var blocks: [HCLBlock]

    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) {
        self.attributes = attributes
        self.blocks = blocks
    }

    /// The last attribute named `name`, if any.
    public func attribute(_ name: String) -> HCLAttribute? { attributes.last { $0.name == name } }
}

/// A syntax error with its location.
public struct HCLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: SourcePosition
    public var filename: String?

    public init(message: String, position: SourcePosition, filename: String? = nil) {
        self.message = message
        self.position = position
        self.filename = filename
    }

    public var description: String {
        (filename.map { "\($0):" } ?? "") + "\(position.line):\(position.column): \(message)"
    }
}
