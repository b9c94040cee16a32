import ArcaCore
import ArcaHTTP
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Builds the Hummingbird application serving one listener stanza.
package enum HTTPListener {
    /// The application for `listener`; `tls` is the reloadable TLS context when TLS is on.
    package static func application(core: Core, listener: ListenerConfig, tls: TLSContextBox?, logger: Logger) throws
        -> some ApplicationProtocol
    {
        let (host, port) = try listener.hostAndPort()
        let limits = listener.limits
        let router = ArcaRouter.make(core: core, limits: limits)
        let server: HTTPServerBuilder = tls.map { .arcaReloadableTLS(box: $0, limits: limits) } ?? .arcaHTTP1(limits: limits)
        return Application(
            router: router, server: server,
            configuration: .init(
                address: .hostname(host, port: port), serverName: "arca",
                availableConnectionsDelegate: limits.maxConnections.map { MaximumAvailableConnections($0, logger: logger) }),
            logger: logger)
    }
}

extension ListenerConfig {
    /// The stanza's connection and request limits, with Vault's meaning of 0 and negative values.
    package var limits: ListenerLimits {
        var l = ListenerLimits()
        l.readHeaderTimeout = .seconds(httpReadHeaderTimeout)
        l.readTimeout = .seconds(httpReadTimeout)
        l.writeTimeout = .seconds(httpWriteTimeout)
        l.idleTimeout = .seconds(httpIdleTimeout)
        l.maxRequestSize = maxRequestSize < 0 ? nil : maxRequestSize == 0 ? ArcaRequestContext.maxRequestSize : Int(maxRequestSize)
        l.maxRequestDuration = .seconds(maxRequestDuration == 0 ? 90 : maxRequestDuration)
        l.maxConnections = maxConnections > 0 ? maxConnections : nil
        return l
    }
}

/// TLS settings from a listener stanza.
package enum TLSSettings {
    package static func configuration(for listener: ListenerConfig) throws -> TLSConfiguration {
        guard let certFile = listener.tlsCertFile, let keyFile = listener.tlsKeyFile else {
            throw ConfigError(message: "listener \(listener.address): tls_cert_file and tls_key_file are required unless tls_disable = true")
        }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certFile)
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ConfigError(message: "listener \(listener.address): cannot load TLS certificate or key: \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        switch listener.tlsMinVersion {
        case "tls12": tls.minimumTLSVersion = .tlsv12
        case "tls13": tls.minimumTLSVersion = .tlsv13
        default:
            throw ConfigError(message: "listener \(listener.address): tls_min_version must be tls12 or tls13")
        }
        return tls
    }
}
