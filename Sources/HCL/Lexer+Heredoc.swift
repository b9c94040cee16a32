extension Lexer {
    /// `<<EOF` … `EOF`, or `<<-EOF` … `EOF` whose lines lose their common indentation.
    ///
    /// The marker must end its line. The closing line holds only the marker, optionally indented.
    /// The text keeps a newline after every line (`\r\n` becomes `\n`); the newline after the
    /// closing marker is left for the parser, as it ends the attribute.
    mutating func heredoc() throws(HCLError) -> String {
        let start = cursor.position
        cursor.advance()
        cursor.advance()
        let indented = cursor.skip("-")
        let marker = String(cursor.take(while: Self.isIdentifierPart))
        guard !marker.isEmpty, let first = marker.unicodeScalars.first, Self.isIdentifierStart(first) else {
            throw error("expected a heredoc marker such as EOF after '<<'", at: cursor.position)
        }
        _ = cursor.take { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard cursor.skip("\n") else {
            throw error("heredoc marker '\(marker)' must be followed by a newline", at: cursor.position)
        }
        var lines: [Substring] = []
        while true {
            var line = String(cursor.take { $0 != "\n" })[...]
            if line.last == "\r" { line = line.dropLast() }
            if Self.trimmingBlanks(line) == marker { break }
            guard cursor.skip("\n") else {
                throw error("unterminated heredoc: no line with the closing marker '\(marker)'", at: start)
            }
            lines.append(line)
        }
        if indented { lines = Self.removingCommonIndentation(lines) }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }

    private static func trimmingBlanks(_ line: Substring) -> Substring {
        var s = line.drop(while: isBlank)
        while let last = s.last, isBlank(last) { s = s.dropLast() }
        return s
    }

    /// Drops the smallest indentation of the non-blank lines from every line; spaces and tabs
    /// count one each. Blank lines become empty.
    private static func removingCommonIndentation(_ lines: [Substring]) -> [Substring] {
        let indents = lines.filter { !$0.allSatisfy(isBlank) }.map { $0.prefix(while: isBlank).count }
        let strip = indents.min() ?? 0
        return lines.map { $0.allSatisfy(isBlank) ? "" : $0.dropFirst(strip) }
    }
}
