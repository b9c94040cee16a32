/// Parses the HCL dialect of Vault policies and server configuration files (HCL1 as Vault
/// accepts it): attributes, blocks with labels, strings, heredocs, numbers, booleans, lists,
/// objects and the three comment styles.
///
/// ```swift
/// let body = try HCLParser.parse(#"path "secret/*" { capabilities = ["read"] }"#)
/// body.blocks[0].labels  // ["secret/*"]
/// ```
public enum HCLParser {
    /// The deepest nesting of blocks, objects and lists accepted.
    public static let maxDepth = 100

    /// Parses a whole document.
    ///
    /// - Parameters:
    ///   - text: the document.
    ///   - filename: put into any error, for messages such as `config.hcl:3:14: …`.
    /// - Throws: `HCLError` for any syntax error; no input crashes the parser.
    public static func parse(_ text: String, filename: String? = nil) throws(HCLError) -> HCLBody {
        do {
            var lexer = Lexer(text)
            var parser = Parser(tokens: try lexer.tokenize())
            return try parser.document()
        } catch {
            var located = error
            located.filename = filename
            throw located
        }
    }
}
