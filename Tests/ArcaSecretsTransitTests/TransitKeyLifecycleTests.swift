import ArcaSDK
@testable import ArcaSecretsTransit
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct TransitKeyLifecycleTests {
    @Test func autoRotationRunsFromThePeriodicFunction() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k", ["auto_rotate_period": "1h"])
        try await h.periodic()
        #expect(try await h.call(.read, "keys/k")?.data?["latest_version"] == 1)
        h.clock.advance(3601)
        try await h.periodic()
        #expect(try await h.call(.read, "keys/k")?.data?["latest_version"] == 2)
        try await h.periodic()
        #expect(try await h.call(.read, "keys/k")?.data?["latest_version"] == 2)
        #expect(await h.refusal("keys/k/config", ["auto_rotate_period": "10m"]) == "auto rotate period must be 0 to disable or at least an hour")
    }

    @Test func trimRemovesOldVersionsOnlyWithinTheMinimums() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        for _ in 0..<3 { _ = try await h.write("keys/k/rotate") }
        #expect(await h.refusal("keys/k/trim", ["min_available_version": 2])?.contains("minimum encryption version is not set") == true)
        _ = try await h.write("keys/k/config", ["min_decryption_version": 3, "min_encryption_version": 3])
        #expect(await h.refusal("keys/k/trim", ["min_available_version": 4])?.contains("greater than the minimum decryption version") == true)
        let r = try await h.write("keys/k/trim", ["min_available_version": 3])
        #expect(r["min_available_version"] == 3 && r["keys"]?.objectValue?.keys.sorted() == ["3", "4"])
        #expect(await h.refusal("keys/k/config", ["min_decryption_version": 2])?.contains("below the min available version") == true)
    }

    @Test func deletionNeedsDeletionAllowed() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        await #expect(throws: LogicalError.self) { try await h.call(.delete, "keys/k") }
        _ = try await h.write("keys/k/config", ["deletion_allowed": true])
        try await h.call(.delete, "keys/k")
        #expect(try await h.call(.read, "keys/k") == nil)
        #expect(try await h.call(.list, "keys/") == nil)
    }

    @Test func exportAndBackupFollowTheKeysSettings() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        await #expect(throws: LogicalError.invalidRequest("private key material is not exportable")) {
            try await h.call(.read, "export/encryption-key/k")
        }
        _ = try await h.write("keys/k/config", ["exportable": true])
        #expect(await h.refusal("keys/k/config", ["exportable": false])?.contains("cannot be disabled") == true)
        let keys = try #require(try await h.call(.read, "export/encryption-key/k/latest")?.data?["keys"]?.objectValue)
        #expect(keys.count == 1 && keys["1"]?.stringValue.flatMap { Data(base64Encoded: $0) }?.count == 32)
        await #expect(throws: LogicalError.self) { try await h.call(.read, "backup/k") }

        _ = try await h.write("keys/k/config", ["allow_plaintext_backup": true])
        let c = try await h.write("encrypt/k", ["plaintext": b64("kept")])["ciphertext"]!
        let backup = try #require(try await h.call(.read, "backup/k")?.data?["backup"])
        _ = try await h.write("restore/copy", ["backup": backup])
        #expect(unb64(try await h.write("decrypt/copy", ["ciphertext": c])["plaintext"]) == "kept")
        await #expect(throws: LogicalError.self) { try await h.write("restore/copy", ["backup": backup]) }
        #expect(await h.refusal("restore/other", ["backup": "bm90IGEgYmFja3Vw"])?.contains("not valid") == true)
    }

    @Test func keysSurviveACacheClearAndKeepTheirSettings() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k", ["type": "chacha20-poly1305", "exportable": true, "derived": true])
        let c = try await h.write("encrypt/k", ["plaintext": b64("p"), "context": b64("ctx")])["ciphertext"]!
        await h.backend.cleanup()
        let read = try #require(try await h.call(.read, "keys/k")?.data)
        #expect(read["type"] == "chacha20-poly1305" && read["exportable"] == true && read["derived"] == true)
        #expect(unb64(try await h.write("decrypt/k", ["ciphertext": c, "context": b64("ctx")])["plaintext"]) == "p")
    }

    @Test func randomAndHash() async throws {
        let h = TransitHarness()
        let r = try await h.write("random/16", ["format": "hex"])["random_bytes"]?.stringValue
        #expect(r?.count == 32)
        #expect(await h.refusal("random", ["bytes": 0]) == "'bytes' cannot be less than 1")
        #expect(await h.refusal("hash", ["input": b64("x"), "algorithm": "md5"]) == "unsupported algorithm md5")
        let sum = try await h.write("hash/sha2-256", ["input": b64("hi")])["sum"]
        #expect(sum == "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4")
        let sha3 = try await h.write("hash/sha3-256", ["input": b64("")])["sum"]
        #expect(sha3 == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }
}
