import HummingbirdCore

extension HTTPServerBuilder {
    /// HTTP/1.1 (temporary until the LIST/SCAN rewrite handler lands).
    package static func arcaHTTP1() -> HTTPServerBuilder { .http1() }
}
