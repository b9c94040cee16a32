@testable import ArcaCLI
import ArcaWire
import ArgumentParser
import FoundationEssentials
import Testing

@Suite struct CLITests {
    @Test("table layout matches the Vault CLI's")
    func table() {
        let text = TableFormatter.render([("Seal Type", "shamir"), ("Initialized", "true"), ("Unseal Progress", "1/3")])
        #expect(text == """
            Key                Value
            ---                -----
            Seal Type          shamir
            Initialized        true
            Unseal Progress    1/3
            """)
        #expect(TableFormatter.render([("Key Term", "1"), ("Encryption Count", "0")], header: false) == """
            Key Term            1
            Encryption Count    0
            """)
    }

    @Test("status rows for a sealed and an unsealed server")
    func statusRows() {
        var s = SealStatus(type: "shamir", initialized: true, sealed: true, threshold: 3, shares: 5, progress: 1,
                           nonce: "n", version: "0.1.0", buildDate: "d", storageType: "sqlite")
        #expect(SealStatusRows.rows(s, haEnabled: false).map(\.0) == [
            "Seal Type", "Initialized", "Sealed", "Total Shares", "Threshold", "Unseal Progress", "Unseal Nonce",
            "Version", "Build Date", "Storage Type", "HA Enabled",
        ])
        s.sealed = false
        s.clusterName = "c"
        s.clusterID = "i"
        #expect(!SealStatusRows.rows(s, haEnabled: false).map(\.0).contains("Unseal Progress"))
        #expect(SealStatusRows.rows(s, haEnabled: false).map(\.0).contains("Cluster ID"))
    }

    @Test("address, token and format precedence")
    func precedence() throws {
        var options = try ClientOptions.parse([])
        var r = try options.resolve(environment: ["VAULT_ADDR": "http://v:1", "ARCA_ADDR": "http://a:1"], home: nil)
        #expect(r.address == "http://a:1" && r.format == .table && r.token == nil)
        r = try options.resolve(environment: ["VAULT_ADDR": "http://v:1", "VAULT_TOKEN": "t", "VAULT_FORMAT": "json"], home: nil)
        #expect(r.address == "http://v:1" && r.token == "t" && r.format == .json)
        r = try options.resolve(environment: [:], home: nil)
        #expect(r.address == "https://127.0.0.1:8200")
        options = try ClientOptions.parse(["-address=http://flag:2", "-token", "ft", "-format=yaml"])
        r = try options.resolve(environment: ["ARCA_ADDR": "http://a:1", "ARCA_TOKEN": "et"], home: nil)
        #expect(r.address == "http://flag:2" && r.token == "ft" && r.format == .yaml)
        #expect(throws: (any Error).self) { try ClientOptions.parse(["-format=xml"]).resolve(environment: [:], home: nil) }
    }

    @Test("the token file is read when no token is given")
    func tokenFile() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("arca-home-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("  s.fromfile\n".utf8).write(to: home.appendingPathComponent(".vault-token"))
        let r = try ClientOptions.parse([]).resolve(environment: [:], home: home.path)
        #expect(r.token == "s.fromfile")
    }

    @Test("operator commands parse Vault-style single-dash flags")
    func parsing() throws {
        let initCommand = try OperatorInitCommand.parse(["-key-shares=7", "-key-threshold", "4"])
        #expect(initCommand.keyShares == 7 && initCommand.keyThreshold == 4)
        let server = try ServerCommand.parse(["-config=a.hcl", "-config", "dir", "-log-level=debug"])
        #expect(server.config == ["a.hcl", "dir"] && server.logLevel == "debug" && !server.dev)
        let rekey = try OperatorRekeyCommand.parse(["-init", "-key-shares=3", "-key-threshold=2"])
        #expect(rekey.initialize && rekey.keyShares == 3)
        let unseal = try OperatorUnsealCommand.parse(["-reset"])
        #expect(unseal.reset && unseal.key == nil)
    }

    @Test("init output names every share and the root token")
    func initOutput() throws {
        let r = InitResponse(keys: ["aa", "bb"], keysBase64: ["qg==", "uw=="], rootToken: "s.root")
        let text = OperatorInitCommand.text(r, threshold: 2)
        #expect(text.contains("Unseal Key 1: qg==\nUnseal Key 2: uw==") && text.contains("Initial Root Token: s.root"))
        let json = OperatorInitCommand.json(r, request: InitRequest(secretShares: 2, secretThreshold: 2))
        #expect(json["unseal_keys_hex"] == ["aa", "bb"] && json["unseal_threshold"] == 2 && json["root_token"] == "s.root")
    }

    @Test("init output with an auto-unseal seal names the recovery shares")
    func initRecoveryOutput() throws {
        var r = InitResponse(keys: [], keysBase64: [], rootToken: "s.root")
        r.recoveryKeys = ["aa", "bb", "cc"]
        r.recoveryKeysBase64 = ["qg==", "uw==", "zA=="]
        let text = OperatorInitCommand.recoveryText(r, threshold: 2)
        #expect(text.contains("Recovery Key 1: qg==\nRecovery Key 2: uw==\nRecovery Key 3: zA==") && !text.contains("Unseal Key"))
        let json = OperatorInitCommand.json(
            r, request: InitRequest(secretShares: 0, secretThreshold: 0, recoveryShares: 3, recoveryThreshold: 2))
        #expect(json["recovery_keys_hex"] == ["aa", "bb", "cc"] && json["recovery_keys_threshold"] == 2)
        #expect(json["unseal_shares"] == 1 && json["unseal_keys_b64"] == [])
    }

    @Test("install times print like the Vault CLI")
    func humanTime() {
        #expect(KeyStatusOutput.humanTime("2026-11-22T09:44:35.022983442Z") == "22 Nov 26 09:44 UTC")
    }
}
