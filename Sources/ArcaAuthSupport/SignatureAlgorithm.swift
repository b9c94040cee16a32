/// The asymmetric JWS algorithms Vault accepts (RFC 7518 §3, RFC 8037). `none` and the HMAC
/// algorithms are deliberately absent: a token naming them is never verified.
package enum SignatureAlgorithm: String, CaseIterable, Sendable {
    case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
    case es256 = "ES256", es384 = "ES384", es512 = "ES512"
    case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
    case eddsa = "EdDSA"

    /// The algorithm `name` denotes, when it is one Vault accepts.
    package init?(name: String) { self.init(rawValue: name) }

    /// Every name, in Vault's order (for error texts listing them).
    package static let allNames: [String] = allCases.map(\.rawValue)
}
