import HCL
import Testing

@Suite struct ErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { message }

        init(_ text: String, _ line: Int, _ column: Int, _ message: String) {
            self.text = text
            self.line = line
            self.column = column
            self.message = message
        }
    }

    static let unterminatedString = "unterminated string: missing closing '\"' before the end of the line"
    static let badUnicode = "invalid unicode escape: expected \\uXXXX (a surrogate pair for astral characters) or \\UXXXXXXXX"

    static let cases: [Case] = [
        // Unterminated strings and comments.
        Case("a = \"open", 1, 5, unterminatedString),
        Case("x = 1\nlistener \"tcp {\n  a = 1\n}", 2, 10, unterminatedString),
        Case("a = \"ends with \\", 1, 5, unterminatedString),
        Case("a = \"two\nlines\"", 1, 5, unterminatedString),
        Case("a = 1\n  /* never closed\n", 2, 3, "unterminated comment: '/*' has no closing '*/'"),
        Case("a = <<EOF\nno end\n", 1, 5, "unterminated heredoc: no line with the closing marker 'EOF'"),
        // Missing '=' or '{'.
        Case("listener \"tcp\" {\n  address \"127.0.0.1:8200\"\n}", 2, 27, "expected '=' or '{' after \"address\" \"127.0.0.1:8200\", found newline"),
        Case("max_lease_ttl 5", 1, 15, "expected '=' after key \"max_lease_ttl\", found number 5"),
        Case("listener \"tcp\"\n  address = 1", 1, 15, "expected '=' or '{' after \"listener\" \"tcp\", found newline"),
        Case("ui", 1, 3, "expected '=' after key \"ui\", found end of input"),
        Case("path \"x\" = \"y\"", 1, 12, "expected '{' after \"path\" \"x\" =, found a string"),
        // Missing '}' or ']'.
        Case("storage \"sqlite\" {\n  path = \"/x\"\n", 3, 1, "expected '}' to close the '{' at 1:18, found end of input"),
        Case("config = { a = 1", 1, 17, "expected '}' to close the '{' at 1:10, found end of input"),
        Case("a = [1, 2", 1, 10, "expected ']' to close the '[' at 1:5, found end of input"),
        Case("a = [1,\n", 2, 1, "expected ']' to close the '[' at 1:5, found end of input"),
        // Bad escapes.
        Case("a = \"bad \\q\"", 1, 10, "invalid escape sequence '\\q'"),
        Case("a = \"\\u12G4\"", 1, 6, badUnicode),
        Case("a = \"\\uD800\"", 1, 6, badUnicode),
        Case("a = \"x\\uD800\\u0041\"", 1, 7, badUnicode),
        Case("a = \"\\UFFFFFFFF\"", 1, 6, badUnicode),
        // Unexpected tokens and characters.
        Case("a = ]", 1, 5, "expected a value, found ']'"),
        Case("a =", 1, 4, "expected a value, found end of input"),
        Case("}", 1, 1, "unexpected '}' with no block open"),
        Case("a = 1\n}", 2, 1, "unexpected '}' with no block open"),
        Case("= 1", 1, 1, "expected a key or a block, found '='"),
        Case("a = 1 = 2", 1, 7, "expected a key or a block, found '='"),
        Case("a = [1 2]", 1, 8, "expected ',' or ']' after a list item, found number 2"),
        Case("a = [1,, 2]", 1, 8, "expected a value, found ','"),
        Case("a = foo", 1, 5, "expected a value, found identifier \"foo\" (strings need double quotes)"),
        Case("a = @", 1, 5, "unexpected character '@'"),
        Case("a = 1\n\tb = \u{07}", 2, 6, "unexpected character '\\u{07}'"),
        Case("a = -x", 1, 5, "unexpected character '-'"),
        Case("a = / 2", 1, 5, "unexpected character '/'"),
        Case("a = 1.2.3", 1, 5, "invalid number '1.2.3'"),
        Case("a = 768h", 1, 5, "invalid number '768h'"),
        Case("a = 089", 1, 5, "invalid number '089'"),
        Case("a = 1e", 1, 5, "invalid number '1e'"),
        Case("a = 0x", 1, 5, "invalid number '0x'"),
        Case("a = 0x8000000000000000", 1, 5, "invalid number '0x8000000000000000'"),
        Case("a = <<\nx\n", 1, 7, "expected a heredoc marker such as EOF after '<<'"),
        Case("a = <<EOF junk\nEOF", 1, 11, "heredoc marker 'EOF' must be followed by a newline"),
        Case("a = [\"x\"] ]", 1, 11, "expected a key or a block, found ']'"),
        // Too deep.
        Case("a = " + String(repeating: "[", count: 101), 1, 105, "nesting deeper than 100 levels"),
        Case(String(repeating: "b { ", count: 101), 1, 403, "nesting deeper than 100 levels"),
        Case("a = " + String(repeating: "{ b = ", count: 101), 1, 605, "nesting deeper than 100 levels"),
    ]

    @Test("each error names its line and column", arguments: cases)
    func located(_ c: Case) throws {
        let error = try #require(parseError(c.text, filename: "config.hcl"), "expected an error for \(c.text.debugDescription)")
        #expect(error.message == c.message)
        #expect(error.position == pos(c.line, c.column))
        #expect(error.description == "config.hcl:\(c.line):\(c.column): \(c.message)")
    }

    @Test("the description omits a missing filename")
    func noFilename() throws {
        let error = try #require(parseError("a = "))
        #expect(error.filename == nil)
        #expect(error.line == 1 && error.column == 5)
        #expect(error.description == "1:5: expected a value, found end of input")
    }

    @Test("nesting up to the limit is fine, whatever the mix")
    func atTheLimit() throws {
        let lists = "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(parseError(lists) == nil)
        let blocks = String(repeating: "b {", count: 100) + String(repeating: "}", count: 100)
        #expect(parseError(blocks) == nil)
        let mixed = "a = " + String(repeating: "{ b = [", count: 50) + String(repeating: "] }", count: 50)
        #expect(parseError(mixed) == nil)
    }

    @Test(
        "very deep input fails fast instead of overflowing the stack",
        arguments: [("a = ", "["), ("a = ", "{ b = "), ("", "b {"), ("", "p \"x\" = {")]
    )
    func veryDeep(prefix: String, opener: String) {
        let text = prefix + String(repeating: opener, count: 20_000)
        #expect(parseError(text)?.message == "nesting deeper than 100 levels")
    }
}
