import ArcaCore
import ArcaSDK
import ArcaWire
import FoundationEssentials

/// The two calls of the AWS KMS JSON 1.1 API the seal needs, Encrypt and Decrypt, signed with
/// SigV4: `POST /` with `X-Amz-Target: TrentService.<Operation>` and a JSON body.
package struct AWSKMSClient: Sendable {
    package let endpoint: String
    let signer: SigV4Signer
    let http: any OutboundHTTPClient
    let now: @Sendable () -> Date
    let timeout: Double

    package init(
        endpoint: String, credentials: AWSCredentials, region: String, http: any OutboundHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }, timeout: Double = 10
    ) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.signer = SigV4Signer(credentials: credentials, region: region, service: "kms")
        self.http = http
        self.now = now
        self.timeout = timeout
    }

    /// Encrypts up to 4 KiB under `keyID`; returns the ciphertext blob and the key's ARN.
    package func encrypt(keyID: String, plaintext: [UInt8]) async throws -> (ciphertext: [UInt8], keyID: String) {
        let reply = try await call("Encrypt", ["KeyId": .string(keyID), "Plaintext": .string(Base64.encode(plaintext))])
        guard let blob = reply["CiphertextBlob"]?.stringValue.flatMap(Base64.decode) else {
            throw AutoSealError("AWS KMS Encrypt: the reply has no CiphertextBlob")
        }
        return (blob, reply["KeyId"]?.stringValue ?? keyID)
    }

    /// Decrypts a blob made by `encrypt`; KMS refuses it unless it was made under `keyID`.
    package func decrypt(ciphertext: [UInt8], keyID: String) async throws -> [UInt8] {
        let reply = try await call(
            "Decrypt", ["KeyId": .string(keyID), "CiphertextBlob": .string(Base64.encode(ciphertext))])
        guard let plain = reply["Plaintext"]?.stringValue.flatMap(Base64.decode) else {
            throw AutoSealError("AWS KMS Decrypt: the reply has no Plaintext")
        }
        return plain
    }

    func call(_ operation: String, _ fields: [String: JSONValue]) async throws -> JSONValue {
        let body = JSONWriter.encode(.object(fields))
        let (authority, path) = Self.split(endpoint)
        var headers: [(String, String)] = [
            ("Host", authority), ("X-Amz-Date", SigV4Signer.amzDate(now())),
            ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "TrentService.\(operation)"),
        ]
        if let token = signer.credentials.sessionToken { headers.append(("X-Amz-Security-Token", token)) }
        let signature = signer.sign(method: "POST", path: path, headers: headers, body: body)
        var all = Dictionary(headers, uniquingKeysWith: { a, _ in a })
        all["Authorization"] = signature.authorization
        let response: OutboundResponse
        do {
            response = try await http.send(
                OutboundRequest(method: "POST", url: endpoint + path, headers: all, body: body, timeout: timeout))
        } catch {
            throw AutoSealError("AWS KMS \(operation) at \(endpoint) failed: \(error)")
        }
        let doc = try? JSONParser.parse(response.body)
        guard response.status == 200, let doc else {
            let kind = doc?["__type"]?.stringValue.map { $0.split(separator: "#").last.map(String.init) ?? $0 }
            let message = doc?["message"]?.stringValue ?? doc?["Message"]?.stringValue
            let detail = [kind, message].compactMap { $0 }.joined(separator: ": ")
            throw AutoSealError(
                "AWS KMS \(operation) at \(endpoint) failed: HTTP \(response.status)\(detail.isEmpty ? "" : " \(detail)")")
        }
        return doc
    }

    /// `https://host:port/base` → (`host:port`, `/base/`).
    static func split(_ url: String) -> (authority: String, path: String) {
        var rest = Substring(url)
        for scheme in ["https://", "http://"] where rest.hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        guard let slash = rest.firstIndex(of: "/") else { return (String(rest), "/") }
        let path = String(rest[slash...])
        return (String(rest[..<slash]), path.hasSuffix("/") ? path : path + "/")
    }
}
