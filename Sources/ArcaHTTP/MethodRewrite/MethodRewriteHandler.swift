#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
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
        if output.count == buffer.readableBytes && Self.same(output, buffer) {
            context.fireChannelRead(data)
            return
        }
        context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: output)))
    }
}

extension MethodRewriteHandler {
    /// Whether `bytes` are the buffer's readable bytes, compared as memory: a request body passes
    /// through here whole, and a byte-wise comparison through the buffer's view took longer
    /// than a 32 MiB body may take to read (`http_read_timeout`) in a debug build.
    static func same(_ bytes: [UInt8], _ buffer: ByteBuffer) -> Bool {
        bytes.withUnsafeBytes { a in
            buffer.withUnsafeReadableBytes { b in
                a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }
}

@available(*, unavailable)
extension MethodRewriteHandler: Sendable {}
