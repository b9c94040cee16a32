import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with `MethodRewriteHandler` installed ahead of the decoder, so
/// `LIST` and `SCAN` requests reach the application. Used for plain and TLS listeners alike (TLS
/// goes in front of it).
package struct ArcaHTTPChannel: HTTPChannelHandler {
    package typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel

    package static func make(responder: @escaping HTTPChannelHandler.Responder) -> ArcaHTTPChannel {
        ArcaHTTPChannel(base: HTTP1Channel(responder: responder, configuration: .init()))
    }

    package var responder: HTTPChannelHandler.Responder { base.responder }

    package func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(MethodRewriteHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    package func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// Plain HTTP/1.1 with Arca's channel.
    package static func arcaHTTP1() -> HTTPServerBuilder {
        .init { responder in ArcaHTTPChannel.make(responder: responder) }
    }
}
