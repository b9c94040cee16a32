import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Testing

@Suite struct SealManagerTests {
    func hex(_ b: [UInt8]) -> String { b.map { String(format2($0)) }.joined() }
    func format2(_ v: UInt8) -> String { (v < 16 ? "0" : "") + String(v, radix: 16) }

    @Test("init leaves the server sealed and initialized; three shares unseal it")
    func initAndUnseal() async throws {
        let (core, _) = TestCore.make()
        #expect(try await core.sealManager.isInitialized() == false)
        let result = try await core.sealManager.initialize(shares: 5, threshold: 3)
        #expect(result.shares.count == 5)
        #expect(result.shares.allSatisfy { $0.count == 33 })
        #expect(result.rootToken.hasPrefix("s."))
        #expect(core.isSealed)
        var state = try await core.sealManager.submitUnsealKey(hex(result.shares[0]))
        #expect(state.progress == 1 && state.sealed && !state.nonce.isEmpty)
        let nonce = state.nonce
        state = try await core.sealManager.submitUnsealKey(hex(result.shares[0]))
        #expect(state.progress == 1, "a repeated share counts once")
        state = try await core.sealManager.submitUnsealKey(Base64.encode(result.shares[3]))
        #expect(state.progress == 2 && state.nonce == nonce)
        state = try await core.sealManager.submitUnsealKey(hex(result.shares[4]))
        #expect(!state.sealed && state.progress == 0 && state.nonce.isEmpty)
        #expect(try await core.tokens.lookup(result.rootToken)?.isRoot == true)
    }

    @Test("init twice is refused")
    func initTwice() async throws {
        let (core, _) = TestCore.make()
        _ = try await core.sealManager.initialize(shares: 1, threshold: 1)
        await #expect(throws: SealError.alreadyInitialized) {
            try await core.sealManager.initialize(shares: 1, threshold: 1)
        }
    }

    @Test("invalid share parameters", arguments: [(0, 0), (0, 1), (3, 0), (3, 4), (2, 1), (256, 3)])
    func invalidConfig(shares: Int, threshold: Int) async throws {
        let (core, _) = TestCore.make()
        await #expect(throws: SealError.self) {
            try await core.sealManager.initialize(shares: shares, threshold: threshold)
        }
        #expect(try await core.sealManager.isInitialized() == false)
    }

    @Test("shares from another init do not unseal, and progress resets")
    func foreignShares() async throws {
        let (a, _) = TestCore.make()
        let (b, _) = TestCore.make()
        let sa = try await a.sealManager.initialize(shares: 3, threshold: 2).shares
        let sb = try await b.sealManager.initialize(shares: 3, threshold: 2).shares
        _ = try await a.sealManager.submitUnsealKey(hex(sa[0]))
        await #expect(throws: SealError.self) { try await a.sealManager.submitUnsealKey(hex(sb[1])) }
        let state = try await a.sealManager.state()
        #expect(state.sealed && state.progress == 0)
    }

    @Test("malformed shares are rejected with Vault's messages", arguments: [
        ("zz", "'key' must be a valid hex or base64 string"),
        ("abcd", "invalid key: key is shorter than minimum 16 bytes"),
        (String(repeating: "ab", count: 34), "invalid key: key is longer than maximum 33 bytes"),
    ])
    func malformedShare(text: String, message: String) async throws {
        let (core, _) = TestCore.make()
        _ = try await core.sealManager.initialize(shares: 3, threshold: 2)
        do {
            _ = try await core.sealManager.submitUnsealKey(text)
            Issue.record("expected an error")
        } catch let e as SealError {
            #expect(e.description == message)
        }
    }

    @Test("reset discards progress")
    func reset() async throws {
        let (core, _) = TestCore.make()
        let shares = try await core.sealManager.initialize(shares: 3, threshold: 2).shares
        _ = try await core.sealManager.submitUnsealKey(hex(shares[0]))
        let state = try await core.sealManager.resetUnseal()
        #expect(state.progress == 0 && state.nonce.isEmpty)
    }

    @Test("seal zeroes the barrier and a restart on the same storage unseals with the same shares")
    func restart() async throws {
        let physical = InMemoryBackend()
        let (core, shares, root) = try await TestCore.unsealed(physical: physical)
        try await core.barrier.put(.init(key: "x", value: [42]))
        await core.sealManager.sealNow()
        #expect(core.isSealed)
        let (again, _) = TestCore.make(physical: physical)
        #expect(try await again.sealManager.isInitialized())
        #expect(again.isSealed)
        for s in shares.prefix(3) { _ = try await again.sealManager.submitUnsealKey(hex(s)) }
        #expect(!again.isSealed)
        #expect(try await again.barrier.get("x")?.value == [42])
        #expect(try await again.tokens.lookup(root) != nil)
    }

    @Test("rekey replaces the shares; old shares stop working")
    func rekey() async throws {
        let (core, shares, _) = try await TestCore.unsealed()
        let started = try await core.sealManager.startRekey(shares: 3, threshold: 2)
        #expect(started.started && started.required == 3 && started.newShares == 3)
        await #expect(throws: SealError.nonceMismatch) {
            try await core.sealManager.updateRekey(key: hex(shares[0]), nonce: "wrong")
        }
        var outcome = try await core.sealManager.updateRekey(key: hex(shares[0]), nonce: started.nonce)
        guard case .progress(let p) = outcome else { Issue.record("expected progress"); return }
        #expect(p.progress == 1)
        _ = try await core.sealManager.updateRekey(key: hex(shares[1]), nonce: started.nonce)
        outcome = try await core.sealManager.updateRekey(key: hex(shares[2]), nonce: started.nonce)
        guard case .complete(_, let newShares) = outcome else { Issue.record("expected completion"); return }
        #expect(newShares.count == 3)
        await core.sealManager.sealNow()
        let state = try await core.sealManager.state()
        #expect(state.shares == 3 && state.threshold == 2)
        // Old shares: three of them are now "too many" for threshold 2 but still the wrong key.
        _ = try await core.sealManager.submitUnsealKey(hex(shares[0]))
        await #expect(throws: SealError.self) { try await core.sealManager.submitUnsealKey(hex(shares[1])) }
        _ = try await core.sealManager.submitUnsealKey(hex(newShares[2]))
        _ = try await core.sealManager.submitUnsealKey(hex(newShares[0]))
        #expect(!core.isSealed)
    }

    @Test("rekey needs an unsealed server and can be cancelled")
    func rekeyCancel() async throws {
        let (core, _, _) = try await TestCore.unsealed()
        _ = try await core.sealManager.startRekey(shares: 1, threshold: 1)
        await #expect(throws: SealError.rekeyInProgress) { try await core.sealManager.startRekey(shares: 1, threshold: 1) }
        await core.sealManager.cancelRekey()
        #expect(try await core.sealManager.rekeyState().started == false)
        await core.sealManager.sealNow()
        await #expect(throws: SealError.sealed) { try await core.sealManager.startRekey(shares: 1, threshold: 1) }
    }
}
