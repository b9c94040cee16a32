import HTTPTypes
import Testing

/// `sys/unseal` on the wire: after five failed submissions a client is answered 429, with the
/// wait in the message, until the wait is over.
@Suite struct UnsealThrottleHTTPTests {
    @Test("the sixth failure makes the next submission wait: 429 and Vault's error envelope")
    func tooSoon() async throws {
        try await WireHarness.run { h in
            try await h.call(.put, "/v1/sys/init", json: #"{"secret_shares":1,"secret_threshold":1}"#)
            for _ in 0..<6 {
                let r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"zz"}"#)
                #expect(r.status == 400 && r.errors == ["'key' must be a valid hex or base64 string"])
            }
            let r = try await h.call(.put, "/v1/sys/unseal", json: #"{"key":"zz"}"#)
            #expect(r.status == 429)
            #expect(r.errors == ["too many failed unseal attempts from this address; try again in 1 seconds"])
        }
    }
}
