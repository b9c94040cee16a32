import FoundationEssentials

/// The `vault:v<N>:<base64>` form of ciphertexts, signatures and HMACs that clients parse.
enum VaultEncoding {
    static func encode(version: Int, _ bytes: [UInt8], urlSafe: Bool = false) -> String {
        "vault:v\(version):" + (urlSafe ? base64URL(bytes) : Data(bytes).base64EncodedString())
    }

    /// The version and payload of `text`, with Vault's error messages.
    static func decode(_ text: String, urlSafe: Bool = false, what: String = "ciphertext") throws -> (Int, [UInt8]) {
        guard text.hasPrefix("vault:") else { throw TransitError.badRequest("invalid \(what): no prefix") }
        let rest = text.dropFirst("vault:".count)
        guard rest.hasPrefix("v"), let colon = rest.firstIndex(of: ":"), let version = Int(rest[rest.index(after: rest.startIndex)..<colon]),
            version > 0
        else { throw TransitError.badRequest("invalid \(what): wrong number of fields") }
        let payload = String(rest[rest.index(after: colon)...])
        guard let bytes = urlSafe ? fromBase64URL(payload) : Data(base64Encoded: payload).map(Array.init) else {
            throw TransitError.badRequest("invalid \(what): could not decode base64")
        }
        return (version, bytes)
    }

    /// Standard base64 of a request field, with Go's message for bad input.
    static func base64Field(_ text: String, name: String = "input") throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else {
            throw TransitError.badRequest("illegal base64 data at input byte \(firstBadByte(text))")
        }
        return Array(data)
    }

    private static func firstBadByte(_ text: String) -> Int {
        let ok = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        return Array(text.utf8).firstIndex { !ok.contains($0) } ?? max(0, text.utf8.count - 1)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        String(Data(bytes).base64EncodedString().compactMap { c -> Character? in
            c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c
        })
    }

    static func fromBase64URL(_ text: String) -> [UInt8]? {
        var s = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
