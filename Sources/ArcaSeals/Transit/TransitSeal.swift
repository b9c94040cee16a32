import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `seal "transit"`: the root key is encrypted by a key in another Arca's (or OpenBao's, or
/// Vault's) transit engine, through its HTTP API: `encrypt/<key_name>` to wrap, `decrypt/<key_name>`
/// to unwrap. Stored blob: `{"version":1,"key_name":...,"ciphertext":"vault:vN:..."}`.
///
/// The token is used as given: it is not renewed, so give the seal a periodic or long-lived token
/// with the policy `path "<mount>/encrypt/<key>" { capabilities = ["update"] }` and the same for
/// decrypt.
package struct TransitSeal: Seal {
    package static let typeName = "transit"
    static let keys: Set = [
        "address", "token", "key_name", "mount_path", "namespace", "disable_renewal", "tls_ca_cert",
        "tls_client_cert", "tls_client_key", "tls_server_name", "tls_skip_verify",
    ]

    package let address: String
    let token: String
    package let keyName: String
    package let mountPath: String
    let namespace: String?
    let caPEM: String?
    let http: any OutboundHTTPClient
    let timeout: Double

    package var type: String { Self.typeName }
    package var needsShares: Bool { false }

    package init(
        address: String, token: String, keyName: String, mountPath: String, namespace: String? = nil, caPEM: String? = nil,
        http: any OutboundHTTPClient, timeout: Double = 10
    ) {
        self.address = address.hasSuffix("/") ? String(address.dropLast()) : address
        self.token = token
        self.keyName = keyName
        var trimmed = Substring(mountPath)
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.mountPath = trimmed + "/"
        self.namespace = namespace
        self.caPEM = caPEM
        self.http = http
        self.timeout = timeout
    }

    init(settings: [String: String], environment: [String: String], http: any OutboundHTTPClient) throws {
        let s = try SealSettings(type: Self.typeName, values: settings, environment: environment, known: Self.keys)
        for unsupported in ["tls_client_cert", "tls_client_key", "tls_server_name"] where s.value(unsupported) != nil {
            throw AutoSealError("seal \"transit\": '\(unsupported)' is not supported by this server")
        }
        if try s.bool("tls_skip_verify", env: ["VAULT_SKIP_VERIFY"]) {
            throw AutoSealError("seal \"transit\": tls_skip_verify is not supported; give the server's CA in tls_ca_cert")
        }
        var caPEM: String?
        if let file = s.value("tls_ca_cert", env: ["VAULT_CACERT"]) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw AutoSealError("seal \"transit\": cannot read tls_ca_cert file \(file)")
            }
            caPEM = text
        }
        self.init(
            address: try s.required("address", env: ["VAULT_ADDR"]), token: try s.required("token", env: ["VAULT_TOKEN"]),
            keyName: try s.required("key_name", env: ["VAULT_TRANSIT_SEAL_KEY_NAME"]),
            mountPath: try s.required("mount_path", env: ["VAULT_TRANSIT_SEAL_MOUNT_PATH"]),
            namespace: s.value("namespace", env: ["VAULT_NAMESPACE"]), caPEM: caPEM, http: http)
    }

    package func wrap(rootKey: SecretBytes, shareKey: SecretBytes?) async throws -> [UInt8] {
        var plain = rootKey.withUnsafeBytes { Array($0) }
        defer { SecureZero.zero(&plain) }
        let reply = try await call("encrypt", ["plaintext": .string(Base64.encode(plain))])
        guard let ciphertext = reply["data"]?["ciphertext"]?.stringValue, ciphertext.hasPrefix("vault:v") else {
            throw AutoSealError("transit seal: encrypt at \(address) returned no ciphertext")
        }
        return JSONWriter.encode(["version": 1, "key_name": .string(keyName), "ciphertext": .string(ciphertext)])
    }

    package func unwrap(_ blob: [UInt8], shareKey: SecretBytes?) async throws -> SecretBytes {
        guard let doc = try? JSONParser.parse(blob), doc["version"]?.int64Value == 1,
            let ciphertext = doc["ciphertext"]?.stringValue
        else { throw AutoSealError("the stored root key is not a transit seal blob") }
        let reply = try await call("decrypt", ["ciphertext": .string(ciphertext)])
        guard var plain = reply["data"]?["plaintext"]?.stringValue.flatMap(Base64.decode) else {
            throw AutoSealError("transit seal: decrypt at \(address) returned no plaintext")
        }
        defer { SecureZero.zero(&plain) }
        return SecretBytes(plain)
    }

    private func call(_ operation: String, _ fields: [String: JSONValue]) async throws -> JSONValue {
        let url = "\(address)/v1/\(mountPath)\(operation)/\(keyName)"
        var headers = ["X-Vault-Token": token, "Content-Type": "application/json"]
        if let namespace { headers["X-Vault-Namespace"] = namespace }
        let response: OutboundResponse
        do {
            response = try await http.send(
                OutboundRequest(method: "POST", url: url, headers: headers, body: JSONWriter.encode(.object(fields)),
                                caPEM: caPEM, timeout: timeout))
        } catch {
            throw AutoSealError("transit seal: \(operation) at \(address) failed: \(error)")
        }
        let doc = try? JSONParser.parse(response.body)
        guard (200..<300).contains(response.status), let doc else {
            let errors = doc?["errors"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") ?? ""
            throw AutoSealError(
                "transit seal: \(operation) at \(address) failed: HTTP \(response.status)\(errors.isEmpty ? "" : ": \(errors)")")
        }
        return doc
    }
}
