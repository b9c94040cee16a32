import ArcaSDK
@testable import ArcaSecretsTransit
import ArcaWire
import FoundationEssentials
import Testing

@Suite struct TransitEncryptionTests {
    static let symmetric = ["aes128-gcm96", "aes256-gcm96", "chacha20-poly1305", "xchacha20-poly1305"]

    @Test("round trip, rotate, rewrap and min_decryption_version", arguments: symmetric)
    func roundTrip(type: String) async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k", ["type": .string(type)])
        let c1 = try #require(try await h.write("encrypt/k", ["plaintext": b64("secret")])["ciphertext"]?.stringValue)
        #expect(c1.hasPrefix("vault:v1:"))
        #expect(unb64(try await h.write("decrypt/k", ["ciphertext": .string(c1)])["plaintext"]) == "secret")
        _ = try await h.write("keys/k/rotate")
        let c2 = try #require(try await h.write("encrypt/k", ["plaintext": b64("secret")])["ciphertext"]?.stringValue)
        #expect(c2.hasPrefix("vault:v2:"))
        let re = try #require(try await h.write("rewrap/k", ["ciphertext": .string(c1)])["ciphertext"]?.stringValue)
        #expect(re.hasPrefix("vault:v2:") && re != c2)
        #expect(unb64(try await h.write("decrypt/k", ["ciphertext": .string(c1)])["plaintext"]) == "secret")
        _ = try await h.write("keys/k/config", ["min_decryption_version": 2])
        #expect(await h.refusal("decrypt/k", ["ciphertext": .string(c1)])?.contains("disallowed by policy") == true)
        #expect(unb64(try await h.write("decrypt/k", ["ciphertext": .string(re)])["plaintext"]) == "secret")
    }

    @Test func associatedDataMustMatch() async throws {
        let h = TransitHarness()
        let c = try await h.write("encrypt/k", ["plaintext": b64("x"), "associated_data": b64("row-7")])["ciphertext"]!
        #expect(unb64(try await h.write("decrypt/k", ["ciphertext": c, "associated_data": b64("row-7")])["plaintext"]) == "x")
        #expect(await h.refusal("decrypt/k", ["ciphertext": c, "associated_data": b64("row-8")]) == "cipher: message authentication failed")
    }

    @Test func encryptingWithACachedKeyWritesNothing() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        let before = h.storage.writes
        for _ in 0..<20 { _ = try await h.write("encrypt/k", ["plaintext": b64("payload")]) }
        #expect(h.storage.writes == before)
    }

    @Test func convergentEncryptionIsDeterministicPerContext() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/c", ["derived": true, "convergent_encryption": true])
        let a = try await h.write("encrypt/c", ["plaintext": b64("m"), "context": b64("t1")])["ciphertext"]
        let b = try await h.write("encrypt/c", ["plaintext": b64("m"), "context": b64("t1")])["ciphertext"]
        let other = try await h.write("encrypt/c", ["plaintext": b64("m"), "context": b64("t2")])["ciphertext"]
        #expect(a == b && a != other)
        #expect(await h.refusal("decrypt/c", ["ciphertext": a!, "context": b64("t2")]) == "cipher: message authentication failed")
        #expect(await h.refusal("encrypt/c", ["plaintext": b64("m")])?.contains("missing 'context'") == true)
    }

    @Test func batchCarriesPerItemErrorsAndAnswers400() async throws {
        let h = TransitHarness()
        let r = try #require(try await h.call(.update, "encrypt/k", [
            "batch_input": [["plaintext": b64("a"), "reference": "one"], ["plaintext": "!!"], ["plaintext": b64("c")]],
        ]))
        #expect(r.status == 400)
        let results = try #require(r.data?["batch_results"]?.arrayValue)
        #expect(results.count == 3)
        #expect(results[0]["reference"] == "one" && results[0]["ciphertext"]?.stringValue?.hasPrefix("vault:v1:") == true)
        #expect(results[1]["error"]?.stringValue?.contains("illegal base64") == true)
        let ok = try #require(try await h.call(.update, "decrypt/k", ["batch_input": [["ciphertext": results[2]["ciphertext"]!]]]))
        #expect(ok.status == nil && unb64(ok.data?["batch_results"]?.arrayValue?.first?["plaintext"]) == "c")
    }

    @Test func badCiphertextsAreRefusedClearly() async throws {
        let h = TransitHarness()
        let c = try #require(try await h.write("encrypt/k", ["plaintext": b64("x")])["ciphertext"]?.stringValue)
        #expect(await h.refusal("decrypt/k", ["ciphertext": "nope"]) == "invalid ciphertext: no prefix")
        #expect(await h.refusal("decrypt/k", ["ciphertext": .string("vault:v5:" + c.dropFirst(9))]) == "invalid ciphertext: version is too new")
        #expect(await h.refusal("decrypt/k", ["ciphertext": "vault:v1:%%%"]) == "invalid ciphertext: could not decode base64")
        #expect(await h.refusal("decrypt/k", ["ciphertext": "vault:v1:AAAA"]) == "invalid ciphertext: too short")
        #expect(await h.refusal("decrypt/missing", ["ciphertext": .string(c)]) == "encryption key not found")
        #expect(await h.refusal("encrypt/k", [:]) == "missing plaintext to encrypt")
        #expect(await h.refusal("keys/bad", ["type": "des"]) == "unknown key type des")
        #expect(await h.refusal("encrypt/k", ["plaintext": b64("x"), "key_version": 2])?.contains("higher than the latest key version") == true)
    }

    @Test func dataKeysDecryptToTheirPlaintext() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        let d = try await h.write("datakey/plaintext/k", ["bits": 512])
        let plain = try #require(d["plaintext"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(plain.count == 64)
        let back = try await h.write("decrypt/k", ["ciphertext": d["ciphertext"]!])["plaintext"]?.stringValue
        #expect(back.flatMap { Data(base64Encoded: $0) } == plain)
        #expect(try await h.write("datakey/wrapped/k")["plaintext"] == nil)
        #expect(await h.refusal("datakey/wrapped/k", ["bits": 100]) == "invalid bit length")
    }

    @Test func rsaKeysEncryptWithOAEP() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/r", ["type": "rsa-2048"])
        let c = try await h.write("encrypt/r", ["plaintext": b64("hello")])["ciphertext"]!
        #expect(unb64(try await h.write("decrypt/r", ["ciphertext": c])["plaintext"]) == "hello")
    }
}
