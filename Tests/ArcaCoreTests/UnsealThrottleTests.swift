import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaTesting
import Synchronization
import Testing

@Suite struct UnsealThrottleTests {
    static func tooSoon(_ s: Int) -> LogicalError {
        .coded(status: 429, message: "too many failed unseal attempts from this address; try again in \(s) seconds")
    }

    /// A garbage share: 33 random-looking bytes that decode but open nothing.
    static func garbage(_ i: Int) -> String { Base64.encode([UInt8](repeating: UInt8(i & 0xff), count: 33)) }

    /// Submits `key` from `client` through the throttle, as `sys/unseal` does.
    func submit(_ core: Core, _ key: String, from client: String) async -> (any Error)? {
        do {
            _ = try await core.unsealThrottle.submit(from: client) { try await core.sealManager.submitUnsealKey(key) }
            return nil
        } catch {
            return error
        }
    }

    @Test("five failures are free; then 1 s, 2 s, 4 s … up to 60 s after the last failure")
    func backoff() {
        let clock = ManualWallClock()
        let t = UnsealThrottle(clock: clock)
        for _ in 0..<5 { t.noteFailure("a") }
        #expect(t.delay(for: "a") == 0)
        t.noteFailure("a")
        #expect(t.delay(for: "a") == 1)
        clock.advance(seconds: 0.5)
        #expect(t.delay(for: "a") == 0.5)
        clock.advance(seconds: 0.5)
        #expect(t.delay(for: "a") == 0)
        t.noteFailure("a")
        #expect(t.delay(for: "a") == 2)
        for _ in 0..<20 { t.noteFailure("a") }
        #expect(t.delay(for: "a") == 60)
        #expect(t.delay(for: "b") == 0)
        // Forgotten 15 minutes after the last failure.
        clock.advance(seconds: 900)
        #expect(t.delay(for: "a") == 0)
        t.noteFailure("a")
        #expect(t.delay(for: "a") == 0)
    }

    @Test("a guesser is answered 429 without touching the progress; others and the right keys still unseal")
    func throttlesGuessing() async throws {
        let clock = ManualWallClock()
        let (core, _) = TestCore.make(clock: clock)
        let result = try await core.sealManager.initialize(shares: 3, threshold: 2, unsealAfter: false)
        // Each pair of garbage shares is one failed attempt; single shares are only progress.
        for i in 0..<6 {
            #expect(await submit(core, Self.garbage(2 * i + 10), from: "203.0.113.9") == nil)
            #expect(await submit(core, Self.garbage(2 * i + 11), from: "203.0.113.9") is SealError)
        }
        #expect(await submit(core, Self.garbage(99), from: "203.0.113.9") as? LogicalError == Self.tooSoon(1))
        #expect(try await core.sealManager.state().progress == 0)
        // Malformed keys count too.
        clock.advance(seconds: 1)
        #expect(await submit(core, "not a key!", from: "203.0.113.9") as? SealError == .undecodableShare)
        #expect(await submit(core, Self.garbage(98), from: "203.0.113.9") as? LogicalError == Self.tooSoon(2))
        // The operator at another address unseals meanwhile.
        #expect(await submit(core, Base64.encode(result.shares[0]), from: "10.0.0.5") == nil)
        #expect(await submit(core, Base64.encode(result.shares[1]), from: "10.0.0.5") == nil)
        #expect(!core.isSealed)
        // Unsealing forgets every count.
        #expect(core.unsealThrottle.delay(for: "203.0.113.9") == 0)
    }

    @Test("an operator's typos: five bad keys never make a legitimate unseal wait")
    func typosAreFree() async throws {
        let (core, _) = TestCore.make()
        let result = try await core.sealManager.initialize(shares: 1, threshold: 1, unsealAfter: false)
        for i in 0..<5 { #expect(await submit(core, Self.garbage(i + 10), from: "10.0.0.5") is SealError) }
        #expect(await submit(core, Base64.encode(result.shares[0]), from: "10.0.0.5") == nil)
        #expect(!core.isSealed)
    }

    @Test("the table of clients is bounded")
    func bounded() {
        let clock = ManualWallClock()
        let t = UnsealThrottle(clock: clock)
        for i in 0..<(UnsealThrottle.maxClients + 10) {
            for _ in 0..<6 { t.noteFailure("c\(i)") }
            clock.advance(seconds: 0.001)
        }
        #expect(t.trackedClients == UnsealThrottle.maxClients)
        #expect(t.delay(for: "c0") == 0)
        #expect(t.delay(for: "c\(UnsealThrottle.maxClients + 9)") > 0)
    }
}
