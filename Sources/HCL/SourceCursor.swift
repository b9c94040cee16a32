/// Walks source text one Unicode scalar at a time, tracking the line and column.
struct SourceCursor {
    private let scalars: [Unicode.Scalar]
    private(set) var index = 0
    /// The position of `current`.
    private(set) var position = SourcePosition(line: 1, column: 1)

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// The scalar under the cursor; `nil` at the end.
    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// The scalar `offset` places ahead of `current`.
    func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    var isAtEnd: Bool { index >= scalars.count }

    /// Moves past `current`; does nothing at the end.
    mutating func advance() {
        guard let c = current else { return }
        index += 1
        if c == "\n" {
            position.line += 1
            position.column = 1
        } else {
            position.column += 1
        }
    }

    /// Moves past `current` when it is `scalar`.
    mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
        guard current == scalar else { return false }
        advance()
        return true
    }

    /// Consumes scalars while `predicate` holds, returning them.
    mutating func take(while predicate: (Unicode.Scalar) -> Bool) -> String.UnicodeScalarView {
        var out = String.UnicodeScalarView()
        while let c = current, predicate(c) {
            out.append(c)
            advance()
        }
        return out
    }
}
