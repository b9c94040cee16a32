import HummingbirdCore

extension HTTPServerBuilder {
    /// The HTTP/1.1 server Arca listens with. One place to install connection-level handlers
    /// (the planned LIST/SCAN request-line rewrite) for both plain and TLS listeners.
    package static func arcaHTTP1() -> HTTPServerBuilder { .http1() }
}
