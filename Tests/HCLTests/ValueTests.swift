import HCL
import Testing

@Suite struct ValueTests {
    @Test(
        "strings and escapes",
        arguments: [
            (#"a = "plain""#, "plain"),
            (#"a = """#, ""),
            (#"a = "line\nnext""#, "line\nnext"),
            (#"a = "tab\there\r""#, "tab\there\r"),
            (#"a = "quote \" and \\ backslash""#, "quote \" and \\ backslash"),
            (#"a = "\/ \' \a\b\f\v""#, "/ ' \u{07}\u{08}\u{0C}\u{0B}"),
            (#"a = "\u00e9\u263A""#, "é☺"),
            (#"a = "\uD83D\uDD11 \U0001F511""#, "🔑 🔑"),
            (#"a = "ключ 🔑 é""#, "ключ 🔑 é"),
            (##"a = "# not // a /* comment""##, "# not // a /* comment"),
            (#"a = "${var.x} {{identity.entity.name}}""#, "${var.x} {{identity.entity.name}}"),
            ("a = \"raw\ttab\"", "raw\ttab"),
        ]
    )
    func strings(text: String, expected: String) throws {
        #expect(try parseValue(text) == .string(expected))
    }

    @Test(
        "heredocs",
        arguments: [
            ("a = <<EOF\nline 1\n  line 2\nEOF\n", "line 1\n  line 2\n"),
            ("a = <<EOF\nEOF", ""),
            ("a = <<EOF\n\n\nEOF", "\n\n"),
            ("a = <<EOF\nno escapes \\n \"here\" ${x}\nEOF", "no escapes \\n \"here\" ${x}\n"),
            ("a = <<EOF\nNOT EOF\n  EOF\n", "NOT EOF\n"),
            ("a = <<EOF  \r\nwindows\r\nEOF\r\n", "windows\n"),
            ("a = <<-EOT\n    first\n      second\n\n    third\n    EOT\n", "first\n  second\n\nthird\n"),
            ("a = <<-EOT\n\tfirst\n\t\tsecond\nEOT\n", "first\n\tsecond\n"),
            ("a = <<EOT_1\nx\nEOT_1", "x\n"),
        ]
    )
    func heredocs(text: String, expected: String) throws {
        #expect(try parseValue(text) == .string(expected))
    }

    @Test("a heredoc ends its item; the next one starts on the following line")
    func heredocThenMore() throws {
        let body = try HCLParser.parse("a = <<EOF\nx\nEOF\nb = [<<EOT\ny\nEOT\n, \"z\"]\nc = 3")
        #expect(body.attributes.map(\.name) == ["a", "b", "c"])
        #expect(body.attribute("b")?.value == .list([.string("y\n"), .string("z")]))
        #expect(body.attribute("c")?.position == pos(8, 1))
    }

    @Test(
        "numbers",
        arguments: [
            ("0", Int64(0), 0.0),
            ("42", 42, 42),
            ("-17", -17, -17),
            ("9007199254740993", 9_007_199_254_740_993, 0x1p53),
            ("9223372036854775807", .max, 0x1p63),
            ("-9223372036854775808", .min, -9_223_372_036_854_775_808),
            ("1e3", 1000, 1000),
            ("2.50E1", 25, 25),
            ("2.5e+2", 250, 250),
            ("-3.0", -3, -3),
            ("0x1F", 31, 31),
            ("-0x10", -16, -16),
            ("0640", 416, 416),
        ]
    )
    func integral(literal: String, int64: Int64, double: Double) throws {
        let n = try #require(try parseValue("n = \(literal)")?.numberValue)
        #expect(n.literal == literal)
        #expect(n.int64 == int64)
        #expect(n.double == double)
    }

    @Test(
        "fractions and out-of-range integers have no Int64",
        arguments: [
            ("1.5", 1.5), ("-0.25", -0.25), ("6.02e23", 6.02e23), ("1e-3", 0.001), ("1.25e1", 12.5),
            ("9223372036854775808", 9_223_372_036_854_775_808), ("1e400", .infinity),
        ]
    )
    func fractional(literal: String, double: Double) throws {
        let n = try #require(try parseValue("n = \(literal)")?.numberValue)
        #expect(n.literal == literal)
        #expect(n.int64 == nil)
        #expect(n.double == double)
    }

    @Test("HCLNumber(literal:) accepts JSON literals and flags malformed ones")
    func numberFromLiteral() {
        #expect(HCLNumber(literal: "12").int64 == 12)
        #expect(HCLNumber(literal: "-1.5e2").int64 == -150)
        #expect(HCLNumber(literal: "abc").int64 == nil)
        #expect(HCLNumber(literal: "abc").double.isNaN)
        #expect(HCLNumber(literal: "1.").double.isNaN)
        #expect(HCLNumber(literal: "nan").double.isNaN)
        #expect(HCLNumber(literal: "1") == HCLNumber(literal: "1"))
        #expect(HCLNumber(literal: "1") != HCLNumber(literal: "1.0"))
    }

    @Test("booleans, and true/false as keys")
    func booleans() throws {
        let body = try HCLParser.parse("a = true\nb = false\ntrue = false")
        #expect(body.attributes.map(\.value) == [.bool(true), .bool(false), .bool(false)])
        #expect(body.attributes.map(\.name) == ["a", "b", "true"])
    }

    @Test(
        "lists: empty, trailing commas, multi-line, nested, mixed",
        arguments: [
            ("a = []", HCLValue.list([])),
            ("a = [ ]", .list([])),
            ("a = [1,]", .list([.number(HCLNumber(literal: "1"))])),
            ("a = [\n  \"x\",\n  \"y\",\n]", .list([.string("x"), .string("y")])),
            ("a = [\n\n  \"x\"\n\n  ,\"y\"\n]", .list([.string("x"), .string("y")])),
            ("a = [[], [[true]]]", .list([.list([]), .list([.list([.bool(true)])])])),
            ("a = [\"s\", 2, false, {}]", .list([.string("s"), .number(HCLNumber(literal: "2")), .bool(false), .object(HCLBody())])),
            ("a = [ # comment\n  \"x\", // another\n  /* inline */ \"y\"\n]", .list([.string("x"), .string("y")])),
        ]
    )
    func lists(text: String, expected: HCLValue) throws {
        #expect(try parseValue(text)?.withoutPositions == expected)
    }

    @Test("objects: separators, quoted keys, nesting, repeats")
    func objects() throws {
        let value = try #require(
            try parseValue(
                """
                a = {
                  one = 1, "two words" = "2"
                  nested = { deeper = { list = [{ k = "v" }] } }
                  dup = 1
                  dup = 2,
                  inner "label" { x = true }
                }
                """
            )
        )
        let object = try #require(value.objectValue)
        #expect(object.attributes.map(\.name) == ["one", "two words", "nested", "dup", "dup"])
        #expect(object.attribute("dup")?.value == .number(HCLNumber(literal: "2")))
        #expect(object.attributes(named: "dup").map(\.position) == [pos(4, 3), pos(5, 3)])
        let deeper = object.attribute("nested")?.value.objectValue?.attribute("deeper")?.value.objectValue
        let list = try #require(deeper?.attribute("list")?.value.listValue)
        #expect(list.first?.objectValue?.attribute("k")?.value == .string("v"))
        #expect(object.blocks.first?.labels == ["label"])
    }

    @Test("comments of every kind, anywhere whitespace may go")
    func comments() throws {
        let text = """
            # hash
            // slashes
            /* block
               spanning lines */ a = 1 /* inline */
            b /* between */ = /* and */ 2 # trailing
            c = "x" // trailing
            /**/ d = 4 /* a * star and / slash */
            e = [1, /* in a list */ 2]
            """
        let body = try HCLParser.parse(text)
        #expect(body.attributes.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(body.attribute("a")?.position == pos(4, 22))
        #expect(body.attribute("b")?.value == .number(HCLNumber(literal: "2")))
        #expect(body.attribute("e")?.value.listValue?.count == 2)
    }

    @Test("keys may hold letters, digits, '_', '-' and '.'")
    func keys() throws {
        let body = try HCLParser.parse("a_b-c.d9 = 1\n_x = 2\nclé = 3\n\"\" = 4")
        #expect(body.attributes.map(\.name) == ["a_b-c.d9", "_x", "clé", ""])
    }

    @Test("value accessors and kind names")
    func accessors() {
        let values: [HCLValue] = [.string("s"), .number(HCLNumber(literal: "1")), .bool(true), .list([]), .object(HCLBody())]
        #expect(values.map(\.kindName) == ["string", "number", "bool", "list", "object"])
        #expect(values.compactMap(\.stringValue) == ["s"])
        #expect(values.compactMap(\.numberValue) == [HCLNumber(literal: "1")])
        #expect(values.compactMap(\.boolValue) == [true])
        #expect(values.compactMap(\.listValue) == [[]])
        #expect(values.compactMap(\.objectValue) == [HCLBody()])
    }
}
