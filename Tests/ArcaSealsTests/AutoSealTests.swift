import ArcaCore
import ArcaCrypto
import ArcaSDK
@testable import ArcaSeals
import ArcaWire
import FoundationEssentials
import Synchronization
import Testing

/// A stand-in for the network: answers each request with `respond`, and records what was sent.
final class FakeHTTP: OutboundHTTPClient {
    let sent = Mutex<[OutboundRequest]>([])
    let respond: @Sendable (OutboundRequest) throws -> OutboundResponse

    init(_ respond: @escaping @Sendable (OutboundRequest) throws -> OutboundResponse) { self.respond = respond }

    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        sent.withLock { $0.append(request) }
        return try respond(request)
    }

    var requests: [OutboundRequest] { sent.withLock { $0 } }

    static func json(_ status: Int, _ value: JSONValue) -> OutboundResponse {
        OutboundResponse(status: status, headers: [:], body: JSONWriter.encode(value))
    }
}

struct ConnectionRefused: Error, CustomStringConvertible {
    var description: String { "connection refused" }
}

/// A KMS for tests: "encrypts" by XOR with a key-specific byte and tags the blob with the key.
func fakeKMS(keyID: String) -> FakeHTTP {
    FakeHTTP { request in
        let body = try JSONParser.parse(request.body)
        switch request.headers["X-Amz-Target"] {
        case "TrentService.Encrypt":
            let plain = Base64.decode(body["Plaintext"]!.stringValue!)!
            return FakeHTTP.json(200, [
                "KeyId": .string("arn:aws:kms:us-east-1:123456789012:key/\(keyID)"),
                "CiphertextBlob": .string(Base64.encode(Array(keyID.utf8) + [0] + plain.map { $0 ^ 0x5A })),
            ])
        case "TrentService.Decrypt":
            let blob = Base64.decode(body["CiphertextBlob"]!.stringValue!)!
            guard let zero = blob.firstIndex(of: 0), String(decoding: blob[..<zero], as: UTF8.self) == keyID,
                body["KeyId"]?.stringValue == keyID
            else {
                return FakeHTTP.json(400, ["__type": "IncorrectKeyException", "message": "The key ID in the request does not identify a CMK that can perform this operation."])
            }
            return FakeHTTP.json(200, ["Plaintext": .string(Base64.encode(blob[(zero + 1)...].map { $0 ^ 0x5A }))])
        default:
            return FakeHTTP.json(400, ["__type": "UnknownOperationException"])
        }
    }
}

@Suite struct AWSKMSSealTests {
    let settings = [
        "region": "eu-west-1", "kms_key_id": "k1", "endpoint": "http://127.0.0.1:5000", "access_key": "AKIDTEST",
        "secret_key": "SECRETTEST", "session_token": "SESSIONTEST",
    ]

    @Test("wrap and unwrap round-trip through signed KMS Encrypt/Decrypt calls")
    func roundTrip() async throws {
        let http = fakeKMS(keyID: "k1")
        let seal = try SealCatalog.make(
            type: "awskms", settings: settings, environment: [:], http: http, now: { Date(timeIntervalSince1970: 1_440_938_160) })
        #expect(seal.type == "awskms" && !seal.needsShares)
        let root = SecretBytes(randomCount: 32)
        let blob = try await seal.wrap(rootKey: root, shareKey: nil)
        #expect(!String(decoding: blob, as: UTF8.self).contains("SECRETTEST"))
        let back = try await seal.unwrap(blob, shareKey: nil)
        #expect(ConstantTime.equals(back, root))

        let first = try #require(http.requests.first)
        #expect(first.method == "POST" && first.url == "http://127.0.0.1:5000/")
        #expect(first.headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(first.headers["Host"] == "127.0.0.1:5000")
        #expect(first.headers["X-Amz-Date"] == "20150830T123600Z")
        #expect(first.headers["X-Amz-Security-Token"] == "SESSIONTEST")
        let auth = try #require(first.headers["Authorization"])
        #expect(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTEST/20150830/eu-west-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="))
        #expect(!auth.contains("SECRETTEST"))
    }

    @Test("a blob made under another key is refused with KMS's error type")
    func wrongKey() async throws {
        let root = SecretBytes(randomCount: 32)
        let blob = try await SealCatalog.make(type: "awskms", settings: settings, environment: [:], http: fakeKMS(keyID: "k1"))
            .wrap(rootKey: root, shareKey: nil)
        var other = settings
        other["kms_key_id"] = "k2"
        let seal = try SealCatalog.make(type: "awskms", settings: other, environment: [:], http: fakeKMS(keyID: "k2"))
        do {
            _ = try await seal.unwrap(blob, shareKey: nil)
            Issue.record("expected a refusal")
        } catch let e as AutoSealError {
            #expect(e.message.contains("Decrypt") && e.message.contains("HTTP 400 IncorrectKeyException"))
        }
    }

    @Test("an unreachable KMS is an error naming the operation and endpoint, never the secret")
    func unreachable() async throws {
        let seal = try SealCatalog.make(
            type: "awskms", settings: settings, environment: [:], http: FakeHTTP { _ in throw ConnectionRefused() })
        do {
            _ = try await seal.wrap(rootKey: SecretBytes(randomCount: 32), shareKey: nil)
            Issue.record("expected an error")
        } catch let e as AutoSealError {
            #expect(e.message == "AWS KMS Encrypt at http://127.0.0.1:5000 failed: connection refused")
        }
    }

    @Test("settings: environment fallbacks, unknown keys and missing credentials")
    func settingsRules() throws {
        let env = ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "VAULT_AWSKMS_SEAL_KEY_ID": "kx", "AWS_REGION": "ap-south-1"]
        let fromEnv = try #require(try SealCatalog.make(type: "awskms", settings: [:], environment: env, http: fakeKMS(keyID: "kx")) as? AWSKMSSeal)
        #expect(fromEnv.keyID == "kx" && fromEnv.client.endpoint == "https://kms.ap-south-1.amazonaws.com")
        #expect(throws: AutoSealError.self) {
            try SealCatalog.make(type: "awskms", settings: ["kms_key_id": "k", "acess_key": "x"], environment: env, http: fakeKMS(keyID: "k"))
        }
        do {
            _ = try SealCatalog.make(type: "awskms", settings: ["kms_key_id": "k"], environment: [:], http: fakeKMS(keyID: "k"))
            Issue.record("expected an error")
        } catch let e as AutoSealError {
            #expect(e.message.contains("needs credentials"))
        }
        #expect(throws: AutoSealError.self) {
            try SealCatalog.make(type: "gcpckms", settings: [:], environment: [:], http: fakeKMS(keyID: "k"))
        }
    }
}

/// A transit engine for tests: checks the token and "encrypts" by base64 of the plaintext reversed.
func fakeTransit(token: String = "s.seal") -> FakeHTTP {
    FakeHTTP { request in
        guard request.headers["X-Vault-Token"] == token else { return FakeHTTP.json(403, ["errors": ["permission denied"]]) }
        let body = try JSONParser.parse(request.body)
        if request.url.hasSuffix("/v1/transit/encrypt/autounseal") {
            let plain = Base64.decode(body["plaintext"]!.stringValue!)!
            return FakeHTTP.json(200, ["data": ["ciphertext": .string("vault:v1:" + Base64.encode(plain.reversed()))]])
        }
        if request.url.hasSuffix("/v1/transit/decrypt/autounseal") {
            let text = body["ciphertext"]!.stringValue!
            let plain = Base64.decode(String(text.dropFirst("vault:v1:".count)))!
            return FakeHTTP.json(200, ["data": ["plaintext": .string(Base64.encode(plain.reversed()))]])
        }
        return FakeHTTP.json(404, ["errors": []])
    }
}

@Suite struct TransitSealTests {
    let settings = ["address": "http://127.0.0.1:8200/", "token": "s.seal", "key_name": "autounseal", "mount_path": "/transit/"]

    @Test("wrap and unwrap through the other server's transit encrypt and decrypt")
    func roundTrip() async throws {
        let http = fakeTransit()
        let seal = try SealCatalog.make(type: "transit", settings: settings, environment: [:], http: http)
        let root = SecretBytes(randomCount: 32)
        let blob = try await seal.wrap(rootKey: root, shareKey: nil)
        #expect(String(decoding: blob, as: UTF8.self).contains("vault:v1:"))
        #expect(ConstantTime.equals(try await seal.unwrap(blob, shareKey: nil), root))
        #expect(http.requests.map(\.url) == [
            "http://127.0.0.1:8200/v1/transit/encrypt/autounseal", "http://127.0.0.1:8200/v1/transit/decrypt/autounseal",
        ])
    }

    @Test("the remote's errors are reported without the token")
    func remoteErrors() async throws {
        let seal = try SealCatalog.make(type: "transit", settings: settings, environment: [:], http: fakeTransit(token: "other"))
        do {
            _ = try await seal.wrap(rootKey: SecretBytes(randomCount: 32), shareKey: nil)
            Issue.record("expected an error")
        } catch let e as AutoSealError {
            #expect(e.message == "transit seal: encrypt at http://127.0.0.1:8200 failed: HTTP 403: permission denied")
            #expect(!e.message.contains("s.seal"))
        }
    }

    @Test("settings the client cannot honour are refused, not ignored; env fallbacks work")
    func settingsRules() throws {
        for key in ["tls_client_cert", "tls_server_name"] {
            var s = settings
            s[key] = "x"
            #expect(throws: AutoSealError.self) { try SealCatalog.make(type: "transit", settings: s, environment: [:], http: fakeTransit()) }
        }
        var skip = settings
        skip["tls_skip_verify"] = "true"
        #expect(throws: AutoSealError.self) { try SealCatalog.make(type: "transit", settings: skip, environment: [:], http: fakeTransit()) }
        let env = ["VAULT_ADDR": "https://a:8200", "VAULT_TOKEN": "t", "VAULT_TRANSIT_SEAL_KEY_NAME": "k", "VAULT_TRANSIT_SEAL_MOUNT_PATH": "t2"]
        let seal = try #require(try SealCatalog.make(type: "transit", settings: [:], environment: env, http: fakeTransit()) as? TransitSeal)
        #expect(seal.address == "https://a:8200" && seal.keyName == "k" && seal.mountPath == "t2/")
        #expect(throws: AutoSealError.self) { try SealCatalog.make(type: "transit", settings: ["address": "http://x"], environment: [:], http: fakeTransit()) }
    }
}
