import ArcaSDK
@testable import ArcaSecretsDatabase
import FoundationEssentials
import NIOSSL
import Testing

/// Issue 36, item 11: values substituted into SQL statements can never change a statement's
/// shape, user names are made of a safe character set, and sslmode/sslrootcert choose TLS as libpq does.
@Suite struct SQLSafetyTests {
    static let create = #"CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'"#
    static let hostile = [
        #"x"; DROP ROLE postgres; --"#, "x' OR usename <> '", #"a\'b"#, "nul\u{0}", "line\nbreak", "tab\there", "\u{7F}",
    ]

    func render(_ template: String, name: String = "v-ok-1", password: String = "Pw-1") throws -> [String] {
        try StatementTemplate.render([template], values: [
            "name": name, "username": name, "password": password, "expiration": "2030-01-01 00:00:00+0000",
        ])
    }

    @Test("a quote, backslash, NUL or control character in any value is refused, quoted or not, without echoing it")
    func hostileValuesRefused() throws {
        let templates = [
            Self.create, #"GRANT SELECT ON t TO "{{name}}""#, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
            "ALTER ROLE {{name}} WITH PASSWORD {{password}}", "DO $$ BEGIN EXECUTE 'ALTER ROLE \"{{name}}\" PASSWORD ''{{password}}'''; END $$",
            "SELECT E'{{password}}'", "/* {{name}} */ SELECT 1", "SELECT 1 -- {{name}}",
        ]
        for template in templates {
            for bad in Self.hostile {
                var cases: [(String, String)] = []
                if template.contains("{{name}}") { cases.append((bad, "Pw-1")) }
                if template.contains("{{password}}") { cases.append(("v_ok", bad)) }
                for (name, password) in cases {
                    do {
                        let out = try render(template, name: name, password: password)
                        Issue.record("rendered \(out) for \(template.debugDescription) with \(bad.debugDescription)")
                    } catch let e as LogicalError {
                        #expect(!e.description.contains(bad), "the error quotes the value: \(e)")
                    }
                }
            }
        }
    }

    @Test("quoted templates take any safe value; bare ones only letters, digits and _")
    func places() throws {
        #expect(try render(Self.create, name: "v-tok_en-app-1.2@x", password: "a;b -- /* c */ $1") == [
            #"CREATE ROLE "v-tok_en-app-1.2@x" WITH LOGIN PASSWORD 'a;b -- /* c */ $1' VALID UNTIL '2030-01-01 00:00:00+0000'"#
        ])
        #expect(try render("DROP ROLE {{name}}", name: "plain_1") == ["DROP ROLE plain_1"])
        let bare = #expect(throws: LogicalError.self) { try render("DROP ROLE {{name}}", name: "v-token-1") }
        #expect(bare?.description.contains(#"write "{{name}}" for a name"#) == true)
        #expect(throws: LogicalError.self) { try render("ALTER ROLE x PASSWORD {{password}}", password: "a;DROP") }
        // Inside a $$ body a value may not end the body; elsewhere $ is harmless.
        #expect(throws: LogicalError.self) { try render("DO $$ BEGIN PERFORM '{{password}}'; END $$", password: "x$$; DROP ROLE y; $$") }
        #expect(throws: LogicalError.self) { try render("DO $f$ BEGIN PERFORM '{{password}}'; END $f$", password: "x$f$y") }
        #expect(try render("DO $$ BEGIN PERFORM '{{password}}'; END $$", password: "SCRAM-SHA-256$4096:c2FsdA==$a:b")
            == ["DO $$ BEGIN PERFORM 'SCRAM-SHA-256$4096:c2FsdA==$a:b'; END $$"])
        // Inside a block comment a value may not end the comment.
        #expect(throws: LogicalError.self) { try render("/* {{password}} */ SELECT 1", password: "*/ DROP ROLE x") }
        // Text that is not a known template is left alone.
        #expect(try render(#"SELECT '{{other}}', "{{ name }}""#) == [#"SELECT '{{other}}', "{{ name }}""#])
    }

    @Test("SCRAM verifiers and the default passwords always pass")
    func generatedValuesPass() throws {
        for _ in 0..<50 {
            let password = PasswordGenerator.password()
            let verifier = ScramVerifier.make(password: password, iterations: 16)
            _ = try render(Self.create, password: password)
            _ = try render("DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', '{{name}}', '{{password}}'); END $$", password: verifier)
        }
    }

    @Test("user names: hostile display and role names become safe characters; custom templates cannot emit others")
    func usernames() throws {
        let display = #"token_x"; DROP ROLE postgres; __"#
        let name = try UsernameTemplate.render("", .init(displayName: display, roleName: "app'--", now: 1_700_000_000))
        #expect(name.allSatisfy(UsernameTemplate.isSafe) && name.hasPrefix("v-token_x_-app_---"))
        let full = try UsernameTemplate.render("{{.DisplayName}}_{{.RoleName}}", .init(displayName: display, roleName: "r\"o", now: 0))
        #expect(full == "token_x___DROP_ROLE_postgres_____r_o")
        #expect(UsernameTemplate.sanitize("alice@example.com-é") == "alice@example.com-_")
        _ = try render(Self.create, name: full)
        for template in [#"{{.RoleName}}"x"#, "a b {{unix_time}}", #"{{.RoleName | replace "a" "'"}}"#, "{{.DisplayName}}"] {
            #expect(throws: LogicalError.self, "\(template)") {
                try UsernameTemplate.render(template, .init(displayName: "", roleName: "app", now: 0))
            }
        }
    }

    @Test("sslrootcert is read from the URL and the DSN form")
    func rootCertParsed() throws {
        let u = try ConnectionURL.parse(
            "postgresql://u:p@db:5432/x?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem", username: "", password: "")
        #expect(u.sslMode == "verify-full" && u.sslRootCert == "/etc/ca.pem")
        let d = try ConnectionURL.parse("host=db sslmode=verify-ca sslrootcert=/etc/ca.pem", username: "", password: "")
        #expect(d.sslMode == "verify-ca" && d.sslRootCert == "/etc/ca.pem")
        #expect(throws: LogicalError.self) { try ConnectionURL.parse("host=db sslmode=nope", username: "", password: "") }
    }

    @Test("sslmode: disable, prefer by default, require unchecked (checked with a root cert), verify-ca, verify-full")
    func tlsModes() throws {
        let ca = FileManager.default.temporaryDirectory.appendingPathComponent("arca-ca-\(UInt32.random(in: 0...UInt32.max)).pem").path
        try Self.caPEM.write(toFile: ca, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: ca) }
        func mode(_ query: String) throws -> DatabaseTLS {
            try DatabaseTLS.from(ConnectionURL.parse("postgres://u:p@db/x\(query)", username: "", password: ""))
        }
        guard case .disable = try mode("?sslmode=disable") else { Issue.record("disable"); return }
        guard case .prefer(let p) = try mode(""), p.certificateVerification == .none else { Issue.record("prefer"); return }
        guard case .require(let r) = try mode("?sslmode=require"), r.certificateVerification == .none else {
            Issue.record("require")
            return
        }
        guard case .require(let rc) = try mode("?sslmode=require&sslrootcert=\(ca)"), rc.certificateVerification == .noHostnameVerification,
            case .certificates(let certs)? = rc.trustRoots, certs.count == 1
        else { Issue.record("require with a root cert is verify-ca"); return }
        guard case .require(let vc) = try mode("?sslmode=verify-ca&sslrootcert=\(ca)"), vc.certificateVerification == .noHostnameVerification
        else { Issue.record("verify-ca"); return }
        guard case .require(let vf) = try mode("?sslmode=verify-full&sslrootcert=\(ca)"), vf.certificateVerification == .fullVerification
        else { Issue.record("verify-full"); return }
        guard case .require(let sys) = try mode("?sslmode=verify-full"), case .default? = sys.trustRoots else {
            Issue.record("verify-full without a root cert uses the system's roots")
            return
        }
        let missing = #expect(throws: LogicalError.self) { try mode("?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem") }
        #expect(missing?.description.contains("cannot read sslrootcert") == true)
    }

    /// A self-signed CA certificate (only parsed here, never trusted for a connection).
    static let caPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBjzCCATWgAwIBAgIUTSJhcmVBDxJRt6aThrk0YYF/Co0wCgYIKoZIzj0EAwIw
        HDEaMBgGA1UEAwwRYXJjYSB1bml0IHRlc3QgQ0EwIBcNMjYxMjA3MTYxMzIzWhgP
        MjEyNjExMTMxNjEzMjNaMBwxGjAYBgNVBAMMEWFyY2EgdW5pdCB0ZXN0IENBMFkw
        EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0zuENQH3F6vnfusMS607Kup6Tbtxya7T
        UkI1ZNHkfGBxJPBQDgQcfaSAcPfQLXWaAboaxI17rYG35658j9wVTaNTMFEwHQYD
        VR0OBBYEFFhC7OUNK39qcJfp0Ozb+HKKdL2GMB8GA1UdIwQYMBaAFFhC7OUNK39q
        cJfp0Ozb+HKKdL2GMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
        AIO7QA3H019Y0w+Se4kLPE7UzsI92eQLylxFxx6i3RLcAiBlyHe/rFOaJptGFNxJ
        NaDTw66A3n+veFzTIgLrA1TGjQ==
        -----END CERTIFICATE-----
        """
}
