import ArcaCore
@testable import ArcaServer
import FoundationEssentials
import Testing

/// The `user_lockout "<type>"` stanzas and `VAULT_DISABLE_USER_LOCKOUT`.
@Suite struct UserLockoutStanzaTests {
    func load(_ text: String, name: String = "arca.hcl") throws -> ServerConfig {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arca-lockoutcfg-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try ConfigLoader.load(paths: [path])
    }

    func failure(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test("all and per-method stanzas, strings or numbers, layered by the core")
    func stanzas() throws {
        let c = try load("""
            user_lockout "all" {
              lockout_threshold = "3"
              lockout_duration = "10m"
              lockout_counter_reset = 120
            }
            user_lockout "approle" {
              disable_lockout = "true"
            }
            user_lockout "userpass" {
              lockout_threshold = 7
            }
            """)
        #expect(c.userLockouts["all"] == UserLockoutConfig(threshold: 3, duration: 600, counterReset: 120))
        #expect(c.userLockouts["approle"] == UserLockoutConfig(disabled: true))
        let defaults = c.userLockoutDefaults(environment: [:])
        #expect(defaults.settings(type: "userpass", tuned: nil)
            == UserLockoutSettings(threshold: 7, duration: 600, counterReset: 120, disabled: false))
        #expect(defaults.settings(type: "approle", tuned: nil).disabled)
        #expect(defaults.settings(type: "ldap", tuned: UserLockoutConfig(duration: 5))
            == UserLockoutSettings(threshold: 3, duration: 5, counterReset: 120, disabled: false))
        #expect(ServerConfig().userLockoutDefaults(environment: [:]).settings(type: "userpass", tuned: nil) == .defaults)
        #expect(UserLockoutSettings.defaults == UserLockoutSettings(threshold: 5, duration: 900, counterReset: 900, disabled: false))
    }

    @Test("the JSON form")
    func json() throws {
        let c = try load(#"{"user_lockout": {"all": {"lockout_threshold": 2, "disable_lockout": false}}}"#, name: "arca.json")
        #expect(c.userLockouts["all"] == UserLockoutConfig(threshold: 2, disabled: false))
    }

    @Test("VAULT_DISABLE_USER_LOCKOUT (or BAO_) turns lockout off over every layer")
    func environment() throws {
        let c = try load("user_lockout \"userpass\" {\n  disable_lockout = false\n}\n")
        #expect(c.userLockoutDefaults(environment: ["VAULT_DISABLE_USER_LOCKOUT": "true"]).settings(type: "userpass", tuned: nil).disabled)
        #expect(c.userLockoutDefaults(environment: ["BAO_DISABLE_USER_LOCKOUT": "1"]).disabledByEnvironment)
        #expect(!c.userLockoutDefaults(environment: ["VAULT_DISABLE_USER_LOCKOUT": "false"]).disabledByEnvironment)
    }

    @Test("refusals: no or an unknown type, a bad threshold, a negative duration, an unknown key")
    func refusals() {
        #expect(failure("user_lockout {\n lockout_threshold = 1\n}\n").contains(
            "auth type for user lockout must be specified, if it applies to all auth methods specify \"all\""))
        #expect(failure("user_lockout \"jwt\" {\n}\n").contains("unsupported auth type \"jwt\""))
        #expect(failure("user_lockout \"all\" {\n lockout_threshold = \"abc\"\n}\n").contains("'lockout_threshold' must be a whole number"))
        #expect(failure("user_lockout \"all\" {\n lockout_threshold = -1\n}\n").contains("'lockout_threshold' must be a whole number"))
        #expect(failure("user_lockout \"all\" {\n lockout_duration = \"-5s\"\n}\n").contains("'lockout_duration' must be a duration"))
        #expect(failure("user_lockout \"all\" {\n disable_lockout = \"maybe\"\n}\n").contains("'disable_lockout' must be a boolean"))
        #expect(failure("user_lockout \"all\" {\n bogus = 1\n}\n").contains("unknown user_lockout key 'bogus'"))
    }
}
