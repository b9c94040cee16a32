import NIOCore

/// A listener's connection and request limits: Vault's `http_*_timeout`, `max_request_size` and
/// `max_request_duration` listener keys with Vault's defaults, plus Arca's `max_connections`.
/// A zero timeout behaves as Go's `http.Server` treats it: no header timeout falls back to the
/// read timeout, no idle timeout falls back to the read timeout, no read or write timeout means none.
package struct ListenerLimits: Sendable, Equatable {
    /// From accepting a connection (or the first byte of a keep-alive request) until the request
    /// head is complete.
    package var readHeaderTimeout: TimeAmount = .seconds(10)
    /// From the same start until the whole request, body included, has been read.
    package var readTimeout: TimeAmount = .seconds(30)
    /// From a complete request head until its response has been written; zero: none.
    package var writeTimeout: TimeAmount = .zero
    /// How long a keep-alive connection may wait for its next request.
    package var idleTimeout: TimeAmount = .minutes(5)
    /// Largest request body, bytes; `nil`: no limit.
    package var maxRequestSize: Int? = 32 * 1024 * 1024
    /// How long a request may run before it is cancelled and answered 500; zero: no limit.
    package var maxRequestDuration: TimeAmount = .seconds(90)
    /// Connections served at once; further ones wait in the accept backlog. `nil`: no cap.
    package var maxConnections: Int? = 4096

    package init() {}

    /// No connection-level deadline at all (in-process router tests, benchmarks of the router).
    package static let unlimited: ListenerLimits = {
        var l = ListenerLimits()
        l.readHeaderTimeout = .zero
        l.readTimeout = .zero
        l.idleTimeout = .zero
        l.maxRequestDuration = .zero
        l.maxConnections = nil
        return l
    }()

    /// The header timeout in force (Go: zero falls back to the read timeout).
    var effectiveHeaderTimeout: TimeAmount { readHeaderTimeout > .zero ? readHeaderTimeout : readTimeout }
    /// The idle timeout in force (Go: zero falls back to the read timeout).
    var effectiveIdleTimeout: TimeAmount { idleTimeout > .zero ? idleTimeout : readTimeout }
}
