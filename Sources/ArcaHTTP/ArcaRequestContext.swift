import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core storage plus the caller's address and the listener's
/// request size limit (Vault's `max_request_size`, 32 MiB unless configured).
package struct ArcaRequestContext: RequestContext {
    /// Vault's default `max_request_size`.
    package static let maxRequestSize = 32 * 1024 * 1024

    package var coreContext: CoreRequestContextStorage
    /// The remote peer, for CIDR bindings and the audit log.
    package let remoteAddress: SocketAddress?

    /// Largest body a handler reads, bytes; set per listener by `RequestSizeMiddleware`.
    package var maxRequestBytes = ArcaRequestContext.maxRequestSize

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    package var maxUploadSize: Int { maxRequestBytes }
}
