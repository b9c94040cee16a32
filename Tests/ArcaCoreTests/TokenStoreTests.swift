import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Testing

@Suite struct TokenStoreTests {
    @Test("root tokens are stored only hashed and resolve to the root policy")
    func rootToken() async throws {
        let physical = InMemoryBackend()
        let (core, _, root) = try await TestCore.unsealed(physical: physical)
        #expect(root.hasPrefix("s.") && root.count == 2 + 8 + 33)
        let entry = try #require(try await core.tokens.lookup(root))
        #expect(entry.policies == ["root"])
        #expect(try await core.tokens.lookup("s.nope") == nil)
        #expect(try await core.tokens.lookup("") == nil)
        // The token id appears nowhere in storage: not in any key, not in any decrypted value.
        let tokenKeys = try await allKeys(core.barrier, "sys/")
        #expect(tokenKeys.count >= 2)
        for key in tokenKeys {
            #expect(!key.contains(root))
            let value = try #require(try await core.barrier.get(key)).value
            #expect(!String(decoding: value, as: UTF8.self).contains(root))
        }
        for key in try await allKeys(physical, "") {
            #expect(!key.contains(root))
        }
    }

    @Test("a requested root token id (dev mode) is honoured")
    func requestedID() async throws {
        let (core, _) = TestCore.make()
        let result = try await core.sealManager.initialize(shares: 1, threshold: 1, rootTokenID: "root", unsealAfter: true)
        #expect(result.rootToken == "root")
        #expect(try await core.tokens.lookup("root")?.isRoot == true)
    }

    @Test("a token's key is the HMAC-SHA256 of its id under the stored salt, as stores written before expect")
    func keyIsStandardHMAC() async throws {
        let (core, _, root) = try await TestCore.unsealed(physical: InMemoryBackend())
        let salt = try #require(try await core.barrier.get("sys/token/salt")).value
        // The reference: swift-crypto's HMAC, which computed the keys of every existing store.
        let expected = ArcaCrypto.HMACSHA256.hex(key: SecretBytes(salt), message: Array(root.utf8))
        #expect(try core.tokens.hash(root) == expected)
        #expect(try core.tokens.idKey(root).hasSuffix(expected))
        #expect(try await core.barrier.get("sys/token/id/" + core.tokens.idKey(root)) != nil)
    }

    func allKeys(_ storage: any PhysicalBackend, _ prefix: String) async throws -> [String] {
        var out: [String] = []
        for child in try await storage.list(prefix: prefix) {
            out += child.hasSuffix("/") ? try await allKeys(storage, prefix + child) : [prefix + child]
        }
        return out
    }

    func allKeys(_ storage: any Storage, _ prefix: String) async throws -> [String] {
        var out: [String] = []
        for child in try await storage.list(prefix: prefix) {
            if child.hasSuffix("/") {
                out += try await allKeys(storage, prefix + child)
            } else {
                out.append(prefix + child)
            }
        }
        return out
    }
}
