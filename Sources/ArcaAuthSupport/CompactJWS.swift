package import ArcaWire

/// A JWS in compact serialization (`header.payload.signature`), decoded but not yet verified.
package struct CompactJWS: Sendable {
    /// The protected header.
    package let header: [String: JSONValue]
    /// The payload: the token's claims.
    package let claims: [String: JSONValue]
    /// `base64url(header) '.' base64url(payload)`: the bytes the signature covers.
    package let signingInput: [UInt8]
    package let signature: [UInt8]

    /// The `alg` header (`""` when missing).
    package var algorithm: String { header["alg"]?.stringValue ?? "" }
    /// The `kid` header, when present and non-empty.
    package var keyID: String? {
        guard let kid = header["kid"]?.stringValue, !kid.isEmpty else { return nil }
        return kid
    }

    /// Decodes `token`.
    /// - Throws: `JOSEError` when it is not a well-formed compact JWS with a JSON object payload.
    package init(_ token: String) throws(JOSEError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw JOSEError("compact JWS format must have three parts") }
        guard let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw JOSEError("illegal base64 data in compact JWS") }
        guard let header = try? JSONParser.parse(headerBytes).objectValue else {
            throw JOSEError("invalid JWS header")
        }
        // A critical extension we do not understand must make the token invalid (RFC 7515 §4.1.11).
        if header["crit"] != nil { throw JOSEError("unsupported critical header parameters") }
        guard let claims = try? JSONParser.parse(payloadBytes).objectValue else {
            throw JOSEError("invalid JWT payload: not a JSON object")
        }
        self.header = header
        self.claims = claims
        self.signature = signature
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
    }
}
