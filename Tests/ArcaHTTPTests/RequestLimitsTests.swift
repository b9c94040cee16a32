import ArcaCore
import ArcaHTTP
import ArcaTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `max_request_duration` and `max_request_size` as the router applies them.
@Suite struct RequestLimitsTests {
    @Test("a request running past max_request_duration is cancelled and answered 500 'context deadline exceeded'")
    func duration() async throws {
        let router = Router(context: ArcaRequestContext.self)
        router.add(middleware: VaultErrorMiddleware())
        router.add(middleware: RequestDeadlineMiddleware(limit: .milliseconds(200)))
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(600))
            return "late"
        }
        router.get("/fast") { _, _ -> String in "ok" }
        router.get("/fails") { _, _ -> String in throw HTTPError(.badRequest, message: "nope") }
        try await Application(router: router).test(.router) { client in
            let clock = ContinuousClock()
            let start = clock.now
            try await client.execute(uri: "/slow", method: .get) { r in
                #expect(r.status == .internalServerError)
                #expect(String(buffer: r.body) == #"{"errors":["context deadline exceeded"]}"# + "\n")
            }
            // Generous: under `swift test --parallel` on two cores the CPU-bound suites can hold the
            // cooperative pool for seconds; a handler that was not cancelled would sleep 600 s.
            #expect(clock.now - start < .seconds(60), "the sleeping handler was cancelled")
            try await client.execute(uri: "/fast", method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body) == "ok")
            }
            try await client.execute(uri: "/fails", method: .get) { r in
                #expect(r.status == .badRequest, "a handler's own error passes through")
            }
        }
    }

    @Test("max_request_size bounds declared and chunked bodies; no limit takes any size")
    func size() async throws {
        let (core, _) = TestCore.make()
        var limits = ListenerLimits()
        limits.maxRequestSize = 64
        let body = ByteBuffer(string: #"{"secret_shares":1,"secret_threshold":1,"pad":""# + String(repeating: "x", count: 100) + #""}"#)
        try await Application(router: ArcaRouter.make(core: core, limits: limits)).test(.router) { client in
            try await client.execute(uri: "/v1/sys/init", method: .put, body: body) { r in
                #expect(r.status == .contentTooLarge)
                #expect(String(buffer: r.body) == #"{"errors":["http: request body too large"]}"# + "\n")
            }
        }
        limits.maxRequestSize = nil
        let (open, _) = TestCore.make()
        try await Application(router: ArcaRouter.make(core: open, limits: limits)).test(.router) { client in
            try await client.execute(uri: "/v1/sys/init", method: .put, body: body) { r in
                #expect(r.status == .ok)
            }
        }
    }
}
