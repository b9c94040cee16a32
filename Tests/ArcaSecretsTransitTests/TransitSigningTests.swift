import ArcaSDK
@testable import ArcaSecretsTransit
import ArcaWire
import Crypto
import FoundationEssentials
import Testing

@Suite struct TransitSigningTests {
    static let signing = ["ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa-2048"]

    @Test("sign, verify, tamper, rotate", arguments: signing)
    func signVerify(type: String) async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/s", ["type": .string(type)])
        let sig = try #require(try await h.write("sign/s", ["input": b64("msg")])["signature"]?.stringValue)
        #expect(sig.hasPrefix("vault:v1:"))
        #expect(try await h.write("verify/s", ["input": b64("msg"), "signature": .string(sig)])["valid"] == true)
        #expect(try await h.write("verify/s", ["input": b64("msx"), "signature": .string(sig)])["valid"] == false)
        _ = try await h.write("keys/s/rotate")
        #expect(try await h.write("sign/s", ["input": b64("msg")])["key_version"] == 2)
        #expect(try await h.write("verify/s", ["input": b64("msg"), "signature": .string(sig)])["valid"] == true)
    }

    @Test("prehashed input signs the same digest as the message", arguments: ["ecdsa-p256", "ecdsa-p384", "rsa-2048"])
    func prehashed(type: String) async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/s", ["type": .string(type)])
        for algorithm in ["sha2-256", "sha2-384", "sha2-512"] {
            let digest = try HashAlgorithm.parse(algorithm).hash(Array("msg".utf8))
            let pre: [String: JSONValue] = [
                "input": .string(Data(digest).base64EncodedString()), "prehashed": true, "hash_algorithm": .string(algorithm),
            ]
            let sig = try #require(try await h.write("sign/s", pre)["signature"])
            // The signature made over the digest verifies against the message itself, and back.
            let plain: [String: JSONValue] = ["input": b64("msg"), "hash_algorithm": .string(algorithm)]
            #expect(try await h.write("verify/s", plain.merging(["signature": sig]) { $1 })["valid"] == true)
            let sig2 = try #require(try await h.write("sign/s", plain)["signature"])
            #expect(try await h.write("verify/s", pre.merging(["signature": sig2]) { $1 })["valid"] == true)
        }
        #expect(await h.refusal("sign/s", ["input": b64("short"), "prehashed": true])?.contains("digest of 32 bytes") == true)
    }

    @Test func anECDSASignatureThatDoesNotParseIsRefused() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/e", ["type": "ecdsa-p384"])
        #expect(await h.refusal("verify/e", ["input": b64("m"), "signature": "vault:v1:AAAA"]) == "supplied signature is invalid")
    }

    @Test func jwsMarshalingIsURLSafeFixedWidth() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/e", ["type": "ecdsa-p256"])
        let sig = try #require(try await h.write("sign/e", ["input": b64("m"), "marshaling_algorithm": "jws"])["signature"]?.stringValue)
        let payload = String(sig.dropFirst("vault:v1:".count))
        #expect(!payload.contains("=") && !payload.contains("+") && !payload.contains("/"))
        #expect(VaultEncoding.fromBase64URL(payload)?.count == 64)
        #expect(try await h.write("verify/e", ["input": b64("m"), "signature": .string(sig), "marshaling_algorithm": "jws"])["valid"] == true)
    }

    @Test func hmacWithEveryAlgorithmVerifiesAndComparesExactly() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/m", ["type": "hmac", "key_size": 64])
        for algorithm in HashAlgorithm.allCases {
            let mac = try #require(try await h.write("hmac/m/\(algorithm.rawValue)", ["input": b64("data")])["hmac"])
            #expect(try await h.write("verify/m/\(algorithm.rawValue)", ["input": b64("data"), "hmac": mac])["valid"] == true)
            #expect(try await h.write("verify/m/\(algorithm.rawValue)", ["input": b64("datb"), "hmac": mac])["valid"] == false)
        }
        #expect(try await h.call(.read, "keys/m")?.data?["keys"] == nil, "OpenBao lists no versions for hmac keys")
        #expect(await h.refusal("hmac/m/sha2-224", ["input": b64("d")]) == "hash algorithm sha2-224 is not supported by this server")
        #expect(await h.refusal("keys/m2", ["type": "hmac", "key_size": 16])?.contains("between 32 and 512") == true)
    }

    @Test func symmetricKeysDoNotSign() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/k")
        #expect(await h.refusal("sign/k", ["input": b64("m")]) == "key type aes256-gcm96 does not support signing")
        #expect(await h.refusal("verify/k", ["input": b64("m")]) == "neither a signature nor an hmac were given to verify")
    }

    @Test func ed25519PublicKeyIsTheRawKeyAndExportIsSeedAndPublic() async throws {
        let h = TransitHarness()
        _ = try await h.write("keys/ed", ["type": "ed25519", "exportable": true])
        let read = try #require(try await h.call(.read, "keys/ed")?.data)
        let pub = try #require(read["keys"]?["1"]?["public_key"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: pub)
        let sig = try #require(try await h.write("sign/ed", ["input": b64("m")])["signature"]?.stringValue)
        let raw = try #require(Data(base64Encoded: String(sig.dropFirst("vault:v1:".count))))
        #expect(key.isValidSignature(raw, for: Data("m".utf8)))
        let exported = try #require(try await h.call(.read, "export/signing-key/ed")?.data?["keys"]?["1"]?.stringValue)
        #expect(Data(base64Encoded: exported).map { Array($0.suffix(32)) } == Array(pub))
    }
}
