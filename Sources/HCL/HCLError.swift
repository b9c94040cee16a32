/// A syntax error in an HCL document, with the place it was found.
///
/// Its description reads like a compiler diagnostic:
/// `config.hcl:3:14: expected '=' after key "address", found string`.
public struct HCLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without the location.
    public var message: String
    /// Where it went wrong.
    public var position: SourcePosition
    /// The file the text came from, when the caller named one.
    public var filename: String?

    /// Creates an error at `position`.
    public init(message: String, position: SourcePosition, filename: String? = nil) {
        self.message = message
        self.position = position
        self.filename = filename
    }

    /// The 1-based line of the error.
    public var line: Int { position.line }
    /// The 1-based column of the error.
    public var column: Int { position.column }

    /// `file:line:column: message`, or `line:column: message` without a filename.
    public var description: String {
        let location = "\(position.line):\(position.column)"
        guard let filename else { return "\(location): \(message)" }
        return "\(filename):\(location): \(message)"
    }
}
