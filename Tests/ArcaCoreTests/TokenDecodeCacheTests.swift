@testable import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import ArcaWire
import Testing

/// Token lookups reuse a decoded entry only while storage still holds the bytes it came from.
@Suite struct TokenDecodeCacheTests {
    @Test("a lookup sees a token entry rewritten behind the token store's back")
    func followsStorage() async throws {
        let (core, _, _) = try await TestCore.unsealed(physical: InMemoryBackend())
        let template = TokenEntry(
            accessor: "", policies: ["a"], path: "auth/token/create", displayName: "token", creationTime: core.tokens.now)
        let (id, stored) = try await core.tokens.store(template)
        #expect(try await core.tokens.lookup(id)?.policies == ["a"])
        #expect(try await core.tokens.lookup(id)?.policies == ["a"])  // served from the cache
        var changed = stored
        changed.policies = ["b"]
        try await core.barrier.put(StorageEntry(key: "sys/token/id/" + stored.idHash, value: JSONWriter.encode(changed.json)))
        #expect(try await core.tokens.lookup(id)?.policies == ["b"])
        try await core.barrier.delete("sys/token/id/" + stored.idHash)
        #expect(try await core.tokens.lookup(id) == nil)
    }

    @Test("a revoked token is not found again, and a seal forgets every decoded entry")
    func revokeAndSeal() async throws {
        let (core, shares, _) = try await TestCore.unsealed(physical: InMemoryBackend())
        let template = TokenEntry(
            accessor: "", policies: ["a"], path: "auth/token/create", displayName: "token", creationTime: core.tokens.now)
        let (id, stored) = try await core.tokens.store(template)
        let (kept, _) = try await core.tokens.store(template)
        #expect(try await core.tokens.lookup(id) != nil)
        #expect(try await core.tokens.lookup(kept) != nil)
        try await core.tokens.revoke(hash: stored.idHash)
        #expect(try await core.tokens.lookup(id) == nil)
        await core.sealManager.sealNow()
        await #expect(throws: (any Error).self) { try await core.tokens.lookup(kept) }
        for share in shares.prefix(3) { _ = try await core.sealManager.submitUnsealKey(Hex.encode(share)) }
        #expect(try await core.tokens.lookup(kept)?.policies == ["a"])
    }
}
