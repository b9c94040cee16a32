@testable import ArcaCLI
import ArcaWire
import ArgumentParser
import Testing

@Suite struct LoginMethodTests {
    @Test("userpass puts the username in the URL and prompts for a missing password")
    func userpass() throws {
        let m = try #require(LoginMethod.named("userpass"))
        var prompted: [String] = []
        let (path, body) = try m.request(path: nil, arguments: ["username": "bob"], prompt: { prompted.append($0); return "pw" })
        #expect(path == "auth/userpass/login/bob")
        #expect(body == ["password": "pw"])
        #expect(prompted == ["Password (will be hidden): "])
        let (custom, _) = try m.request(path: "/corp/users/", arguments: ["username": "a", "password": "b"], prompt: { _ in "" })
        #expect(custom == "auth/corp/users/login/a")
        #expect(throws: ValidationError.self) { try m.request(path: nil, arguments: [:], prompt: { _ in "" }) }
    }

    @Test("approle, jwt and kubernetes post their fields to login")
    func others() throws {
        let approle = try #require(LoginMethod.named("approle"))
        let (p, b) = try approle.request(path: nil, arguments: ["role_id": "r", "secret_id": "s"], prompt: { _ in "" })
        #expect(p == "auth/approle/login" && b == ["role_id": "r", "secret_id": "s"])
        let k8s = try #require(LoginMethod.named("kubernetes"))
        #expect(throws: ValidationError.self) { try k8s.request(path: nil, arguments: ["jwt": "x"], prompt: { _ in "" }) }
        let (kp, kb) = try k8s.request(path: "k8s", arguments: ["role": "app", "jwt": "x"], prompt: { _ in "" })
        #expect(kp == "auth/k8s/login" && kb["role"] == "app")
        #expect(LoginMethod.named("ldap") == nil)
    }

    @Test("durations print as the Vault CLI prints them")
    func durations() {
        #expect(HumanDuration.format(2_764_800) == "768h")
        #expect(HumanDuration.format(5400) == "1h30m")
        #expect(HumanDuration.format(59) == "59s")
        #expect(HumanDuration.format(0) == "0s")
    }
}
