import ArcaSDK
import NIOSSL

/// How a connection uses TLS, from the URL's `sslmode` and `sslrootcert`, as libpq reads them:
///
/// - `disable`: never.
/// - `allow`, `prefer` (the default): TLS when the server offers it, without checking its
///   certificate; plain otherwise.
/// - `require`: TLS or no connection, the certificate unchecked, unless `sslrootcert` is set:
///   then as `verify-ca` (libpq does the same).
/// - `verify-ca`: TLS, the certificate must chain to `sslrootcert` (the system's roots without it).
/// - `verify-full`: as `verify-ca`, and the certificate must name the host of the URL.
enum DatabaseTLS: Sendable {
    case disable
    case prefer(TLSConfiguration)
    case require(TLSConfiguration)

    static func from(_ url: ConnectionURL) throws -> DatabaseTLS {
        var mode = url.sslMode
        if mode == "require" && !url.sslRootCert.isEmpty { mode = "verify-ca" }
        var config = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case "disable":
            return .disable
        case "verify-ca", "verify-full":
            config.certificateVerification = mode == "verify-full" ? .fullVerification : .noHostnameVerification
            config.trustRoots = try roots(url.sslRootCert)
            return .require(config)
        default:
            config.certificateVerification = .none
            return mode == "require" ? .require(config) : .prefer(config)
        }
    }

    /// The CA certificates of the PEM file at `path`; the system's roots for none or `system`.
    static func roots(_ path: String) throws -> NIOSSLTrustRoots {
        guard !path.isEmpty && path != "system" else { return .default }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw LogicalError.invalidRequest("error verifying connection: cannot read sslrootcert \"\(path)\" as PEM certificates")
        }
        guard !certificates.isEmpty else {
            throw LogicalError.invalidRequest("error verifying connection: sslrootcert \"\(path)\" holds no certificate")
        }
        return .certificates(certificates)
    }
}
