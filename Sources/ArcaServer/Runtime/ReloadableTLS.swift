import ArcaHTTP
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The TLS context a listener hands to new connections. SIGHUP swaps in a context built from the
/// certificate and key files as they are now; connections already open keep theirs.
package final class TLSContextBox: Sendable {
    private let context: Mutex<NIOSSLContext>

    package init(_ configuration: TLSConfiguration) throws {
        context = Mutex(try NIOSSLContext(configuration: configuration))
    }

    package var current: NIOSSLContext { context.withLock { $0 } }

    package func replace(with configuration: TLSConfiguration) throws {
        let fresh = try NIOSSLContext(configuration: configuration)
        context.withLock { $0 = fresh }
    }
}

/// A child channel that puts a TLS handler, with the box's current context, ahead of `base`.
struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let box: TLSContextBox

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let context = box.current
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// Arca's HTTP/1.1 channel behind TLS whose certificate can be reloaded through `box`.
    package static func arcaReloadableTLS(box: TLSContextBox, limits: ListenerLimits = ListenerLimits()) -> HTTPServerBuilder {
        .init { responder in
            ReloadableTLSChannel(base: ArcaHTTPChannel.make(responder: responder, limits: limits), box: box)
        }
    }
}
