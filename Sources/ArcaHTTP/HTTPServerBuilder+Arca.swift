import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 channel with `MethodRewriteHandler` installed ahead of the decoder, so
/// `LIST` and `SCAN` requests reach the application, and the listener's read, write and idle
/// deadlines (`ConnectionDeadlineHandler` first, `RequestBoundaryObserver` behind the decoder).
/// Used for plain and TLS listeners alike (TLS goes in front of it).
package struct ArcaHTTPChannel: HTTPChannelHandler {
    package typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let limits: ListenerLimits

    package static func make(responder: @escaping HTTPChannelHandler.Responder, limits: ListenerLimits) -> ArcaHTTPChannel {
        ArcaHTTPChannel(base: HTTP1Channel(responder: responder, configuration: .init()), limits: limits)
    }

    package var responder: HTTPChannelHandler.Responder { base.responder }

    package func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let deadlines = ConnectionDeadlineHandler(limits: limits, logger: logger)
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(deadlines, MethodRewriteHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // Behind the decoder, where requests and responses are parts; this runs on the loop
            // before the channel's first read.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(
                RequestBoundaryObserver(reportingTo: deadlines), position: .after(decoder))
            return value
        }
    }

    package func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// Plain HTTP/1.1 with Arca's channel.
    package static func arcaHTTP1(limits: ListenerLimits = ListenerLimits()) -> HTTPServerBuilder {
        .init { responder in ArcaHTTPChannel.make(responder: responder, limits: limits) }
    }
}
