import HCL
import Testing

/// Inputs the fuzz target `hcl` (Sources/ArcaFuzzTargets/HCLFuzz.swift) found: documents that
/// parse, but whose formatted text did not parse back to the same tree.
@Suite struct FormatterFuzzRegressionTests {
    /// Formats `text`'s tree and parses the result back.
    func reformatted(_ text: String) throws -> (HCLBody, HCLBody) {
        let body = try HCLParser.parse(text)
        return (body, try HCLParser.parse(HCLFormatter.format(body)))
    }

    @Test("a quoted key that reads as a number stays quoted (\"-0\" was written bare)")
    func numericKey() throws {
        let (body, again) = try reformatted(#"o = { "-0" = 1 }"#)
        #expect(again.withoutPositions == body.withoutPositions)
        #expect(HCLFormatter.format(body).contains(#""-0" = 1"#))
    }

    @Test("a quoted block type is written quoted (\"secret/data/*\" { } was written bare)")
    func quotedBlockType() throws {
        let (body, again) = try reformatted("\"secret/data/*\" {\n  capabilities = [\"read\"]\n}\n\" b \\\"x\\\\\" \"l\" { }")
        #expect(body.blocks.map(\.type) == ["secret/data/*", " b \"x\\"])
        #expect(again.withoutPositions == body.withoutPositions)
    }

    @Test("a block inside an inline object is kept (objects in lists lost their blocks)")
    func blockInInlineObject() throws {
        let (body, again) = try reformatted("a = [{ b \"l\" {\n x = 1\n}\nu = \"{\" }, 2]")
        #expect(body.attributes[0].value.listValue?[0].objectValue?.blocks.count == 1)
        #expect(again.withoutPositions == body.withoutPositions)
    }

    @Test("bare keys and types stay bare")
    func bare() throws {
        let text = "path \"a\" {\n  capabilities = [\"read\"]\n  x-y_z        = 1\n}\n"
        #expect(HCLFormatter.format(try HCLParser.parse(text)) == text)
    }
}
