@testable import ArcaSecretsDatabase
import ArcaSDK
import Testing

@Suite struct TemplateTests {
    @Test("statements split on ; outside quotes and $$ bodies, and substitute the templates")
    func statements() throws {
        let rendered = try StatementTemplate.render(
            ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT ON t TO \"{{name}}\";"],
            values: ["name": "u1", "password": "p;w", "expiration": "2030-01-01 00:00:00+0000"])
        #expect(rendered.count == 2)
        #expect(rendered[1] == "GRANT SELECT, INSERT ON t TO \"u1\"")
        #expect(StatementTemplate.split("SELECT ';'; DO $$ BEGIN PERFORM 1; END $$; ") == ["SELECT ';'", "DO $$ BEGIN PERFORM 1; END $$"])
        #expect(StatementTemplate.split(" ; ;") == [])
    }

    @Test("default user names have Vault's shape and fit PostgreSQL's 63 bytes; custom templates")
    func usernames() throws {
        let name = try UsernameTemplate.render("", .init(displayName: "token-with-a-long-name", roleName: "app-readonly", now: 1_700_000_000))
        #expect(name.hasPrefix("v-token-wi-app-read-"))
        #expect(name.hasSuffix("-1700000000"))
        #expect(name.count <= 63)
        let custom = try UsernameTemplate.render(
            "{{.RoleName | uppercase}}_{{random 4}}_{{unix_time}}", .init(displayName: "x", roleName: "app", now: 5))
        #expect(custom.hasPrefix("APP_") && custom.hasSuffix("_5") && custom.count == 10)
        #expect(throws: LogicalError.self) { try UsernameTemplate.render("{{nope}}", .init(displayName: "", roleName: "", now: 0)) }
        #expect(throws: LogicalError.self) { try UsernameTemplate.render("{{random 4", .init(displayName: "", roleName: "", now: 0)) }
    }

    @Test("passwords: 20 characters, every class, no leading dash")
    func passwords() {
        for _ in 0..<200 {
            let p = PasswordGenerator.password()
            #expect(p.count == 20 && p.first != "-")
            #expect(p.contains(where: \.isLowercase) && p.contains(where: \.isUppercase) && p.contains(where: \.isNumber))
        }
    }

    @Test("connection URLs: templates, percent-encoding, ports, sslmode, DSN form")
    func urls() throws {
        let u = try ConnectionURL.parse(
            "postgresql://{{username}}:{{password}}@db.example:6432/app?sslmode=disable", username: "root", password: "p@ss:/w")
        #expect(u == ConnectionURL(host: "db.example", port: 6432, database: "app", user: "root", password: "p@ss:/w", sslMode: "disable"))
        #expect(u.sslRootCert == "")
        let d = try ConnectionURL.parse("postgres://u:p@[::1]/x", username: "", password: "")
        #expect(d.host == "::1" && d.port == 5432 && d.sslMode == "prefer")
        let dsn = try ConnectionURL.parse("host=h port=7 dbname=d user={{username}} sslmode=disable", username: "r", password: "pw")
        #expect(dsn.host == "h" && dsn.port == 7 && dsn.user == "r" && dsn.password == "pw")
        #expect(throws: LogicalError.self) { try ConnectionURL.parse("mysql://x", username: "", password: "") }
        #expect(throws: LogicalError.self) { try ConnectionURL.parse("postgres://h:99999/x", username: "", password: "") }
        #expect(throws: LogicalError.self) { try ConnectionURL.parse("postgres://h/x?sslmode=bogus", username: "", password: "") }
    }

    @Test("cron schedules: steps, ranges, lists, day-of-week; next run in UTC")
    func cron() throws {
        let every15 = try #require(CronSchedule("*/15 * * * *"))
        #expect(every15.next(after: 1_700_000_000) == 1_700_000_100)  // 22:13:20 → 22:15
        let daily = try #require(CronSchedule("30 2 * * *"))
        #expect(daily.next(after: 1_700_000_000) == 1_700_015_400)  // next day 02:30 UTC
        let mondays = try #require(CronSchedule("0 0 * * 1"))
        let next = try #require(mondays.next(after: 1_700_000_000))
        #expect(CivilTime(unix: Int64(next)).weekday == 1)
        for bad in ["* * * *", "60 * * * *", "*/0 * * * *", "5-1 * * * *", "a b c d e"] { #expect(CronSchedule(bad) == nil) }
    }

    @Test("SCRAM-SHA-256 verifiers match PostgreSQL's format and RFC 7677's example keys")
    func scram() throws {
        // RFC 7677: password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        let salt: [UInt8] = [0x5b, 0x6d, 0x99, 0x68, 0x9d, 0x12, 0x35, 0x8e, 0xec, 0xa0, 0x4b, 0x14, 0x12, 0x36, 0xfa, 0x81]
        let v = ScramVerifier.make(password: "pencil", salt: salt)
        #expect(v.hasPrefix("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"))
        // ServerSignature in RFC 7677 is derived from ServerKey; StoredKey/ServerKey here are checked by
        // PostgreSQL itself in the end-to-end tests. The format has two base64 keys of 32 bytes.
        let keys = try #require(v.split(separator: "$").last).split(separator: ":")
        #expect(keys.count == 2 && keys.allSatisfy { $0.count == 44 })
    }
}
