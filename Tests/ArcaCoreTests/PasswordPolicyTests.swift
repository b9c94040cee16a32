import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

@Suite struct PasswordPolicyTests {
    static let policy = """
        length = 24
        rule "charset" {
          charset = "abcdefghijklmnopqrstuvwxyz"
          min-chars = 2
        }
        rule "charset" {
          charset = "0123456789"
          min-chars = 3
        }
        """

    @Test("policies are stored, listed, read and generate passwords that meet every rule")
    func generate() async throws {
        let f = try await LeaseFixture.make()
        try await f.call(.update, "sys/policies/password/p", ["policy": .string(Self.policy)])
        #expect(try await f.call(.read, "sys/policies/password/p")?.data?["policy"] == .string(Self.policy))
        #expect(try await f.call(.list, "sys/policies/password/")?.data?["keys"] == ["p"])
        for _ in 0..<50 {
            let pw = try #require(try await f.call(.read, "sys/policies/password/p/generate")?.data?["password"]?.stringValue)
            #expect(pw.count == 24)
            #expect(pw.allSatisfy { $0.isLowercase || $0.isNumber })
            #expect(pw.filter(\.isNumber).count >= 3 && pw.filter(\.isLowercase).count >= 2)
        }
        try await f.call(.delete, "sys/policies/password/p")
        await #expect(throws: LogicalError.coded(status: 404, message: "1 error occurred:\n\t* policy does not exist\n\n")) {
            try await f.call(.read, "sys/policies/password/p/generate")
        }
    }

    @Test("invalid policies are refused with OpenBao's reasons and nothing is stored")
    func invalid() async throws {
        let f = try await LeaseFixture.make()
        let cases = [
            ("length = 20", "no charset specified"),
            ("length = 3\nrule \"charset\" {\n charset = \"ab\"\n min-chars = 5\n}", "specified rules require at least 5 characters but 3 is specified"),
            ("length = 2\nrule \"charset\" {\n charset = \"ab\"\n}", "length must be >= 4"),
            ("size = 9", "unrecognized field \"size\""),
            ("length = 8\nrule \"charset\" {\n min-chars = 1\n}", "charset must be specified"),
        ]
        for (text, reason) in cases {
            await #expect(throws: LogicalError.invalidRequest(
                "1 error occurred:\n\t* invalid password policy: 1 error occurred:\n\t* \(reason)\n\n\n\n")) {
                try await f.call(.update, "sys/policies/password/bad", ["policy": .string(text)])
            }
        }
        #expect(try await f.call(.list, "sys/policies/password/") == nil)
    }
}
