import NIOCore

/// Runs `RequestLineRewriter` over a connection's inbound bytes, ahead of the HTTP decoder.
package final class MethodRewriteHandler: ChannelInboundHandler, RemovableChannelHandler {
    package typealias InboundIn = ByteBuffer
    package typealias InboundOut = ByteBuffer

    private var rewriter = RequestLineRewriter()

    package init() {}

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let output = rewriter.consume(buffer.readableBytesView)
        guard !output.isEmpty else { return }
        // Most reads pass through unchanged (no LIST or SCAN, nothing held back): hand on the
        // buffer that came in rather than a copy.
        if output.count == buffer.readableBytes && output.elementsEqual(buffer.readableBytesView) {
            context.fireChannelRead(data)
            return
        }
        context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: output)))
    }
}

@available(*, unavailable)
extension MethodRewriteHandler: Sendable {}
