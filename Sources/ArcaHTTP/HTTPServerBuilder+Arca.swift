import HummingbirdCore

/// The HTTP/1.1 channel Arca serves with, plain or under TLS: one place to install
/// connection-level handlers (the planned LIST/SCAN request-line rewrite) for every listener.
package enum ArcaHTTPChannel {
    package static func make(responder: @escaping HTTPChannelHandler.Responder) -> HTTP1Channel {
        HTTP1Channel(responder: responder, configuration: .init())
    }
}

extension HTTPServerBuilder {
    /// Plain HTTP/1.1 with Arca's channel.
    package static func arcaHTTP1() -> HTTPServerBuilder {
        .init { responder in ArcaHTTPChannel.make(responder: responder) }
    }
}
