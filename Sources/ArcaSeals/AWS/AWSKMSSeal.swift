import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials

/// `seal "awskms"`: the root key is encrypted by an AWS KMS key (or any service speaking the KMS
/// API, such as moto). Stored blob: `{"version":1,"key_id":<the key's ARN>,"ciphertext":<base64>}`;
/// the KMS ciphertext names its key, and Decrypt is asked for the configured key as well, so a
/// blob from another key is refused.
package struct AWSKMSSeal: Seal {
    package static let typeName = "awskms"
    static let keys: Set = ["region", "kms_key_id", "endpoint", "access_key", "secret_key", "session_token"]

    package let keyID: String
    package let client: AWSKMSClient

    package var type: String { Self.typeName }
    package var needsShares: Bool { false }

    package init(keyID: String, client: AWSKMSClient) {
        self.keyID = keyID
        self.client = client
    }

    init(settings: [String: String], environment: [String: String], http: any OutboundHTTPClient, now: @escaping @Sendable () -> Date) throws {
        let s = try SealSettings(type: Self.typeName, values: settings, environment: environment, known: Self.keys)
        let region = s.value("region", env: ["AWS_REGION", "AWS_DEFAULT_REGION"]) ?? "us-east-1"
        let keyID = try s.required("kms_key_id", env: ["VAULT_AWSKMS_SEAL_KEY_ID"])
        guard let access = s.value("access_key", env: ["AWS_ACCESS_KEY_ID"]),
            let secret = s.value("secret_key", env: ["AWS_SECRET_ACCESS_KEY"])
        else {
            throw AutoSealError(
                "seal \"awskms\" needs credentials: access_key and secret_key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); instance and web-identity roles are not supported")
        }
        let endpoint = s.value("endpoint", env: ["AWS_KMS_ENDPOINT"]) ?? "https://kms.\(region).amazonaws.com"
        let credentials = AWSCredentials(
            accessKey: access, secretKey: secret, sessionToken: s.value("session_token", env: ["AWS_SESSION_TOKEN"]))
        self.init(keyID: keyID, client: AWSKMSClient(endpoint: endpoint, credentials: credentials, region: region, http: http, now: now))
    }

    package func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8] {
        var plain = rootKey.withUnsafeBytes { Array($0) }
        defer { SecureZero.zero(&plain) }
        let (ciphertext, arn) = try await client.encrypt(keyID: keyID, plaintext: plain)
        return JSONWriter.encode([
            "version": 1, "key_id": .string(arn), "ciphertext": .string(Base64.encode(ciphertext)),
        ])
    }

    package func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes {
        guard let doc = try? JSONParser.parse(blob), doc["version"]?.int64Value == 1,
            let ciphertext = doc["ciphertext"]?.stringValue.flatMap(Base64.decode)
        else { throw AutoSealError("the stored root key is not an awskms seal blob") }
        var plain = try await client.decrypt(ciphertext: ciphertext, keyID: keyID)
        defer { SecureZero.zero(&plain) }
        return SecretBytes(plain)
    }
}
