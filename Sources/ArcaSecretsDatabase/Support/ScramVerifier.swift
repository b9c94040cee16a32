import Crypto
import FoundationEssentials

/// A PostgreSQL SCRAM-SHA-256 verifier (`SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>`), so
/// that with `password_authentication=scram-sha-256` the clear password never reaches the
/// database server's logs or statement history: the verifier is what `{{password}}` becomes.
enum ScramVerifier {
    static let iterations = 4096

    static func make(password: String, salt: [UInt8]? = nil, iterations: Int = iterations) -> String {
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        let salted = pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
        let clientKey = hmac(key: salted, message: Array("Client Key".utf8))
        let storedKey = Array(SHA256.hash(data: clientKey))
        let serverKey = hmac(key: salted, message: Array("Server Key".utf8))
        return "SCRAM-SHA-256$\(iterations):\(b64(salt))$\(b64(storedKey)):\(b64(serverKey))"
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// PBKDF2-HMAC-SHA-256 with one 32-byte block.
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var u = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = u
        for _ in 1..<iterations {
            u = Array(HMAC<SHA256>.authenticationCode(for: u, using: key))
            for i in 0..<result.count { result[i] ^= u[i] }
        }
        return result
    }

    static func b64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
