import ArcaCore
import ArcaSDK
import ArcaStorage
import ArcaTesting
import Testing

/// The policy store caches the ACL built for each set of policy names; a policy write must be
/// seen by the very next request.
@Suite struct PolicyCacheTests {
    @Test("a cached ACL follows policy writes, deletes and reloads")
    func cachedACLFollowsWrites() async throws {
        let (core, _, _) = try await TestCore.unsealed(physical: InMemoryBackend())
        let store = core.policies
        try await store.put(name: "app", text: #"path "secret/data/a" { capabilities = ["read"] }"#)
        #expect(store.acl(["app", "default"]).capabilities("secret/data/a") == ["read"])
        // Cached now; an update must replace it.
        try await store.put(name: "app", text: #"path "secret/data/a" { capabilities = ["read", "update"] }"#)
        #expect(store.acl(["app", "default"]).capabilities("secret/data/a") == ["read", "update"])
        try await store.delete("app")
        #expect(store.acl(["app", "default"]).capabilities("secret/data/a") == ["deny"])
        // The default policy still applies to the same name set.
        #expect(store.acl(["app", "default"]).capabilities("auth/token/lookup-self") == ["read"])
        store.unload()
        #expect(store.acl(["default"]).capabilities("auth/token/lookup-self") == ["deny"])
        try await store.load()
        #expect(store.acl(["default"]).capabilities("auth/token/lookup-self") == ["read"])
    }

    @Test("the first matching compiled glob is the most specific one")
    func globOrder() throws {
        let policy = try PolicyParser.parse(name: "p", text: """
            path "secret/*" { capabilities = ["read"] }
            path "secret/data/+/x" { capabilities = ["update"] }
            path "secret/data/app/*" { capabilities = ["list"] }
            path "secret/data/app/x*" { capabilities = ["delete"] }
            path "+/data/app/x" { capabilities = ["create"] }
            """)
        let acl = ACL(policies: [policy])
        #expect(acl.capabilities("secret/data/app/x") == ["delete"])
        #expect(acl.capabilities("secret/data/app/y") == ["list"])
        #expect(acl.capabilities("secret/data/other/x") == ["update"])
        #expect(acl.capabilities("secret/other") == ["read"])
        #expect(acl.capabilities("kv/data/app/x") == ["create"])
        #expect(acl.capabilities("kv/data/app/y") == ["deny"])
    }
}
