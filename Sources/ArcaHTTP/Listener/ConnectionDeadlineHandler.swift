import Logging
import NIOCore
import NIOHTTP1

/// Enforces a connection's `ConnectionDeadlines`: first in the pipeline (after TLS), it sees the
/// bytes that start a request; `RequestBoundaryObserver`, behind the HTTP decoder, tells it where
/// heads, requests and responses end. A passed deadline closes the connection without an answer,
/// as Go's server does, so a client that trickles a request head (slowloris) or keeps an idle
/// connection is cut off.
///
/// One timer per connection, armed at most `tick` (the shortest timeout) ahead and re-armed when
/// it fires: the events of a request only update timestamps, so the hot path schedules nothing.
package final class ConnectionDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    package typealias InboundIn = ByteBuffer
    package typealias InboundOut = ByteBuffer

    private let limits: ListenerLimits
    private let logger: Logger
    private var deadlines: ConnectionDeadlines?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    package init(limits: ListenerLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // A child channel is active before its initializer runs: start the clock at accept.
        if context.channel.isActive { start(context) }
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    package func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if deadlines?.awaitsFirstByte == true {
            deadlines?.bytesArrived(at: .now())
            arm()
        }
        context.fireChannelRead(data)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard deadlines == nil else { return }
        let d = ConnectionDeadlines(limits: limits, acceptedAt: .now())
        guard d.tick != nil else { return }  // no timeout configured
        deadlines = d
        arm()
    }

    // MARK: Events from `RequestBoundaryObserver`

    func headRead() {
        guard deadlines != nil else { return }
        deadlines?.headRead(at: .now())
        arm()
    }

    func requestEnded() { deadlines?.requestEnded() }

    func responseEnded() {
        guard deadlines != nil else { return }
        deadlines?.responseEnded(at: .now())
        arm()
    }

    // MARK: Timer

    /// Schedules the timer if none is pending. A pending one is never later than a new deadline
    /// (see `ConnectionDeadlines.tick`), so it is left alone.
    private func arm() {
        guard timer == nil, let context, let deadlines, let tick = deadlines.tick, let next = deadlines.next else { return }
        let now = NIODeadline.now()
        let at = min(next.deadline, now + tick)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            self.fired()
        }
    }

    private func fired() {
        timer = nil
        guard let context, let deadlines else { return }
        if let reason = deadlines.expired(at: .now()) {
            logger.debug("closing connection", metadata: ["reason": "\(reason)"])
            self.deadlines = nil
            context.close(promise: nil)
            return
        }
        arm()
    }
}

/// Sits right behind NIO's HTTP/1 decoder and reports request heads, request ends and response
/// ends to the connection's `ConnectionDeadlineHandler`.
final class RequestBoundaryObserver: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let deadlines: ConnectionDeadlineHandler

    init(reportingTo deadlines: ConnectionDeadlineHandler) { self.deadlines = deadlines }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadlines.headRead()
        case .end: deadlines.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { deadlines.responseEnded() }
        context.write(data, promise: promise)
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}

@available(*, unavailable)
extension RequestBoundaryObserver: Sendable {}
