import ArcaFuzzing
import ArcaSDK
@testable import ArcaSecretsDatabase
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Fuzzes the SQL statement templates (`StatementTemplate.render`) and user-name templates
/// (`UsernameTemplate.render`) with hostile values: display names, role names and passwords that
/// carry quotes, `;`, `$$`, comments, backslashes and control characters.
///
/// An input is a statement template, then `\u{1F}`-separated values for `name`, `password`,
/// `expiration`. Invariants: nothing traps; a refusal is a `LogicalError` that does not quote the
/// password; and when a value is accepted the rendered statements have the same lexical shape
/// (statement count, and each statement's sequence of quoted names, literals, dollar bodies,
/// words and punctuation, by an independent PostgreSQL lexer) as the same template rendered with
/// plain values: a value can never end a quote, a statement or a comment.
///
/// CI runs a few thousand inputs; `ARCA_FUZZ_INPUTS=N swift test --filter StatementTemplateFuzzTests`
/// runs N (docs/fuzzing.md).
@Suite(.timeLimit(.minutes(30))) struct StatementTemplateFuzzTests {
    static let inputs: Int = {
        if let raw = getenv("ARCA_FUZZ_INPUTS"), let n = Int(String(cString: raw)), n > 0 { return n }
        return 3000
    }()

    static let templates = [
        #"CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"#,
        #"GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}"; ALTER ROLE "{{username}}" SET search_path = 'a;b'"#,
        #"DO $$ BEGIN CREATE ROLE "{{name}}"; EXCEPTION WHEN duplicate_object THEN NULL; END $$; DROP ROLE IF EXISTS {{name}};"#,
        #"DO $body$ BEGIN PERFORM '{{password}}'; END $body$; -- {{name}} comment"#,
        #"/* {{name}} */ REVOKE ALL ON DATABASE d FROM "{{name}}"; SELECT E'x{{password}}', "a""b""#,
        "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'",
    ]

    static let nasty = [
        "x\"; DROP ROLE postgres; --", "'; DROP TABLE t; --", "$$; DROP ROLE x; $$", "a\\'b", "\u{0}", "*/ DROP", "--", "\n",
        "plain_user", "v-token-abc-1700000000", "é🔑", "\"\"", "''", "$tag$", "{{name}}", "; ;", "\u{7F}", "a b",
    ]

    static let target = FuzzTarget(
        name: "sql-templates",
        seeds: templates.map { $0 + "\u{1F}v-user-1\u{1F}p4ss-W0rd\u{1F}2030-01-01 00:00:00+0000" }
            + nasty.map { templates[0] + "\u{1F}" + $0 + "\u{1F}" + $0 + "\u{1F}" + $0 },
        dictionary: ["\"", "'", ";", "$$", "$t$", "--", "/*", "*/", "\\", "{{name}}", "{{password}}", "{{expiration}}", "{{username}}",
            "\u{1F}", "E'", "\n", " ", "\u{0}"],
        maxLength: 1024,
        generator: { rng in
            let values = (0..<3).map { _ in
                rng.oneIn(2) ? rng.pick(nasty) : rng.string(from: FuzzRandom.trickyCharacters, length: rng.below(10))
            }
            return Array(([rng.pick(templates)] + values).joined(separator: "\u{1F}").utf8)
        },
        body: .sync(check))

    @Sendable static func check(_ bytes: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        let template = parts[0]
        func part(_ i: Int) -> String { i < parts.count ? parts[i] : "" }
        let values = ["name": part(1), "username": part(1), "password": part(2), "expiration": part(3)]
        let plain = ["name": "v_plain_1", "username": "v_plain_1", "password": "Pplain1", "expiration": "2030"]

        // The user-name template with the same hostile strings: never a trap.
        _ = try? UsernameTemplate.render(template, .init(displayName: part(1), roleName: part(2), now: 1_700_000_000))

        let baseline: [String]
        do {
            baseline = try StatementTemplate.render([template], values: plain)
        } catch {
            return .rejected
        }
        let rendered: [String]
        do {
            rendered = try StatementTemplate.render([template], values: values)
        } catch is LogicalError {
            // The same password behind a marker: the error must not carry the marker.
            var marked = values
            marked["password"] = "Zq9Xw7Vt" + values["password"]!
            do {
                _ = try StatementTemplate.render([template], values: marked)
            } catch {
                try fuzzRequire(!"\(error)".contains("Zq9Xw7Vt"), "the error quotes the password: \(error)")
            }
            return .rejected
        } catch {
            throw FuzzViolation("a non-LogicalError escaped: \(error)")
        }
        // The known issue in `emptyBareValue` below: an empty value written bare drops a word.
        if values.values.contains("") { return .accepted }
        try fuzzRequire(rendered.count == baseline.count, "\(rendered.count) statements, \(baseline.count) with plain values")
        for (r, b) in zip(rendered, baseline) {
            let shape = SQLShape.tokens(r), expected = SQLShape.tokens(b)
            try fuzzRequire(shape == expected, "a value changed the statement's shape: \(r.debugDescription) vs \(b.debugDescription)")
        }
        return .accepted
    }

    @Test("an empty value written bare is refused (it drops a word from the statement)")
    func emptyBareValue() {
        // Found by this suite's fuzz run: `DROP ROLE IF EXISTS {{name}}` with an empty name rendered
        // `DROP ROLE IF EXISTS `, and `{{a}}, {{b}}` lists lost an item.
        #expect(throws: LogicalError.self) {
            try StatementTemplate.render(["DROP ROLE IF EXISTS {{name}}"], values: ["name": ""])
        }
        #expect(throws: Never.self) {
            try StatementTemplate.render(["DROP ROLE IF EXISTS \"{{name}}\""], values: ["name": ""])
        }
    }

    @Test(
        "a quote inside a combined character is escaped too (SQL injection)",
        arguments: [
            ["CREATE ROLE x WITH PASSWORD '{{password}}'"], ["CREATE ROLE \"{{name}}\""],
        ])
    func quoteInCombinedCharacter(_ template: [String]) {
        // Found by this suite's long run (with the lexer on scalars) on a working version of the
        // hardening: String.replacing matches Characters, and "'\u{301}" is one Character, so its
        // quote was not doubled and ended the literal for PostgreSQL, which lexes bytes. The
        // committed hardening refuses every quote scalar, which this checks.
        let values = ["password": "x'\u{301}; DROP ROLE postgres; --", "name": "\u{600}\"; DROP ROLE postgres; --"]
        // Refusing the value is as good as escaping it.
        if let rendered = try? StatementTemplate.render(template, values: values),
            let plain = try? StatementTemplate.render(template, values: ["password": "p", "name": "n"])
        {
            #expect(rendered.count == 1)
            #expect(SQLShape.tokens(rendered[0]) == SQLShape.tokens(plain[0]), "\(rendered[0])")
        }
    }

    @Test(
        "a -- comment ends at CR or CRLF, as PostgreSQL ends it (SQL injection)",
        arguments: ["SELECT 1 -- c\r\nGRANT r TO {{name}}", "SELECT 1 -- c\rGRANT r TO {{name}}", "-- \"\r\nGRANT r TO {{name}}"])
    func commentEndsAtCarriageReturn(_ template: String) throws {
        // Found by this suite's long run: "\r\n" is one Character, so the lexer never saw the
        // "\n" that ends the comment and took the bare {{name}} after it for comment text, where
        // any value goes; PostgreSQL ends the comment at the \r and runs the value as SQL.
        #expect(throws: LogicalError.self) {
            try StatementTemplate.render([template], values: ["name": "x y; DROP ROLE postgres"])
        }
        #expect(try StatementTemplate.render([template], values: ["name": "v_user_1"]).count == 1)
    }

    @Test("no trap; a value never changes a statement's shape; errors never quote the password")
    func fuzz() async {
        let stats = await FuzzRunner.run(Self.target, seed: 0x5A1, count: Self.inputs, maxFailures: 5)
        for failure in stats.failures { Issue.record("\(failure)") }
        #expect(stats.accepted > 0)
        print("sql-templates executed=\(stats.executed) accepted=\(stats.accepted) rejected=\(stats.rejected) failures=\(stats.failures.count)")
    }
}

/// The token kinds of one statement, as PostgreSQL's lexer would split it; written apart from the
/// template code. Words are kept as a kind only (a plain value is a word too).
enum SQLShape {
    enum Token: Equatable { case word, quotedName, literal, dollarBody, comment, punctuation(Unicode.Scalar), unterminated }

    /// Letters, digits and `_`, and (as PostgreSQL takes them in names) every scalar beyond ASCII.
    static func isWordScalar(_ u: Unicode.Scalar) -> Bool {
        !u.isASCII || ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || u == "_"
    }

    /// PostgreSQL lexes bytes, so this works on Unicode scalars: a quote followed by a combining
    /// mark is one `Character` in Swift but still a quote to the server.
    static func tokens(_ sql: String) -> [Token] {
        let c = Array(sql.unicodeScalars)
        var out: [Token] = []
        var i = 0
        func quoted(_ q: Unicode.Scalar) -> Bool {
            i += 1
            while i < c.count {
                if c[i] == q {
                    if i + 1 < c.count, c[i + 1] == q { i += 2; continue }
                    i += 1
                    return true
                }
                i += 1
            }
            return false
        }
        while i < c.count {
            let ch = c[i]
            if ch.properties.isWhitespace { i += 1; continue }
            if ch == "-", i + 1 < c.count, c[i + 1] == "-" {
                while i < c.count, c[i] != "\n" { i += 1 }
                out.append(.comment)
            } else if ch == "/", i + 1 < c.count, c[i + 1] == "*" {
                guard let end = find(["*", "/"], c, from: i + 2) else { out.append(.unterminated); break }
                i = end
                out.append(.comment)
            } else if ch == "\"" {
                out.append(quoted("\"") ? .quotedName : .unterminated)
            } else if ch == "'" {
                out.append(quoted("'") ? .literal : .unterminated)
            } else if ch == "$", let tag = dollarTag(c, i) {
                guard let end = find(tag, c, from: i + tag.count) else { out.append(.unterminated); break }
                i = end
                out.append(.dollarBody)
            } else if isWordScalar(ch) {
                while i < c.count, isWordScalar(c[i]) || c[i] == "$" { i += 1 }
                // E'…' is a literal with a prefix: one literal.
                out.append(.word)
            } else {
                out.append(.punctuation(ch))
                i += 1
            }
        }
        return out
    }

    static func dollarTag(_ c: [Unicode.Scalar], _ i: Int) -> [Unicode.Scalar]? {
        var j = i + 1
        while j < c.count, c[j] != "$" {
            let u = c[j]
            guard ("a"..."z").contains(u) || ("A"..."Z").contains(u) || u == "_" || (j > i + 1 && ("0"..."9").contains(u)) else { return nil }
            j += 1
        }
        return j < c.count ? Array(c[i...j]) : nil
    }

    /// The index just past `needle` at or after `from`.
    static func find(_ needle: [Unicode.Scalar], _ c: [Unicode.Scalar], from: Int) -> Int? {
        var i = from
        while i + needle.count <= c.count {
            if Array(c[i..<(i + needle.count)]) == needle { return i + needle.count }
            i += 1
        }
        return nil
    }
}
