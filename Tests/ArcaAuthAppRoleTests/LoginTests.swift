@testable import ArcaAuthAppRole
import ArcaSDK
import ArcaWire
import Testing

@Suite struct LoginTests {
    @Test("a login answers the role's token settings, the secret id's metadata, the role id as alias")
    func success() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["token_policies": "p1", "token_ttl": "20m", "token_num_uses": 3])
        let roleID = try await h.roleID("web")
        let (secret, _) = try await h.secretID("web", ["metadata": "env=prod"])
        let auth = try await h.login("\t\(roleID)\u{00A0}", " \(secret)\r\n")
        #expect(auth.policies == ["p1"] && auth.token.ttl == 1200 && auth.token.numUses == 3)
        #expect(auth.metadata == ["env": "prod", "role_name": "web"])
        #expect(auth.displayName == "")
        #expect(auth.alias == IdentityAlias(name: roleID, metadata: ["env": "prod", "role_name": "web"]))
        #expect(auth.internalData == ["role_name": "web"])
    }

    @Test("logins reuse the decoded role and secret id; a changed role or a used secret id is read afresh")
    func decodedEntries() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["token_policies": "p1", "token_ttl": "20m"])
        let roleID = try await h.roleID("web")
        let (secret, _) = try await h.secretID("web", ["num_uses": 3])
        #expect(try await h.login(roleID, secret).token.ttl == 1200)
        #expect(try await h.login(roleID, secret).token.ttl == 1200)
        let caches = h.backend.decoded
        #expect(caches.roles.count == 1 && caches.roleNames.count == 1 && caches.accessors.count == 1)
        try await h.call(.update, "role/web/token-ttl", ["token_ttl": "5m"])
        let third = try await h.login(roleID, secret)
        #expect(third.token.ttl == 300, "the role written since is decoded again")
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)]) != nil,
                "the secret id's uses, counted in its stored entry, ran out")
        // Bytes written behind the backend's back are decoded afresh too.
        let key = "role/web"
        let stored = try #require(try await h.storage.get(key))
        var role = try #require(try JSONParser.parse(stored.value).objectValue)
        var token = try #require(role["token"]?.objectValue)
        token["token_ttl"] = 60
        role["token"] = .object(token)
        try await h.storage.put(StorageEntry(key: key, value: JSONWriter.encode(.object(role))))
        let (fresh, _) = try await h.secretID("web")
        #expect(try await h.login(roleID, fresh).token.ttl == 60)

        // Sealing (or unmounting) empties them.
        await h.router.cleanup()
        #expect(caches.roles.count == 0 && caches.roleNames.count == 0 && caches.secretIDs.count == 0)
        #expect(caches.accessors.count == 0)
    }

    @Test("role ids and secret ids are stored under HMAC-SHA256 with the mount's salt; sealing forgets the salt")
    func storedUnderSaltedHMAC() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", ["token_policies": "p1"])
        let roleID = try await h.roleID("web")
        let (secret, _) = try await h.secretID("web")
        let doc = try #require(try await h.storage.getJSON(SaltCache.key))
        let saltHex = try #require(doc["key"]?.stringValue)
        let salt = try #require(AuthCrypto.Hex.decode(saltHex))
        // The one-shot HMAC is what computed the keys of stores written before the prepared key.
        #expect(try await h.storage.get("role_id/" + AuthCrypto.HMACSHA256.hex(roleID, key: salt)) != nil)
        #expect(try await h.storage.get("secret_id/web/" + AuthCrypto.HMACSHA256.hex(secret, key: salt)) != nil)
        let loaded = try await h.backend.salts.salt(in: h.storage)
        await h.router.cleanup()
        #expect(loaded.hex("x".utf8) != AuthCrypto.HMACSHA256.hex("x", key: salt), "the forgotten key is wiped")
        #expect(try await h.login(roleID, secret).policies == ["p1"], "the salt loads again from storage")
    }

    @Test("trimming drops Unicode white space at both ends only")
    func trimming() {
        let b = Harness().backend
        #expect(b.trim("abc") == "abc")
        #expect(b.trim(" \t\n\u{2003}a b\u{3000}\r\n") == "a b")
        #expect(b.trim("   ") == "")
        #expect(b.trim("") == "")
        #expect(b.trim("é\u{301} ") == "é\u{301}")
    }

    @Test("refusals: no role id, unknown role id, no or wrong secret id, a read")
    func refusals() async throws {
        let h = Harness()
        try await h.call(.update, "role/web", [:])
        let roleID = try await h.roleID("web")
        #expect(await h.error(.update, "login") == .coded(status: 500, message: "missing role_id"))
        #expect(await h.error(.update, "login", ["role_id": "nope", "secret_id": "x"]) == .invalidRequest("invalid role or secret ID"))
        #expect(await h.error(.update, "login", ["role_id": .string(roleID)]) == .invalidRequest("missing secret_id"))
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": "bad"]) == .invalidCredentials("invalid role or secret ID"))
        #expect(await h.error(.read, "login") == .unsupportedOperation)
    }

    @Test("without bind_secret_id the role id alone logs in, from the role's networks only")
    func roleIDOnly() async throws {
        let h = Harness()
        try await h.call(.update, "role/svc", ["bind_secret_id": false, "secret_id_bound_cidrs": "10.0.0.0/8"])
        let roleID = try await h.roleID("svc")
        _ = try await h.login(roleID, nil, from: "10.1.2.3")
        #expect(await h.error(.update, "login", ["role_id": .string(roleID)], from: "127.0.0.1")
            == .invalidRequest("source address \"127.0.0.1\" unauthorized by CIDR restrictions on the role"))
        #expect(await h.error(.update, "login", ["role_id": .string(roleID)], from: nil)
            == .coded(status: 500, message: "failed to get connection information"))
    }

    @Test("num_uses counts down and the last use deletes the secret id")
    func numUses() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        let roleID = try await h.roleID("r")
        let (secret, _) = try await h.secretID("r", ["num_uses": 2])
        h.clock.advance(5)
        _ = try await h.login(roleID, secret)
        let looked = try await h.data(.update, "role/r/secret-id/lookup", ["secret_id": .string(secret)])
        #expect(looked["secret_id_num_uses"] == 1 && looked["last_updated_time"] != looked["creation_time"])
        _ = try await h.login(roleID, secret)
        #expect(try await h.call(.update, "role/r/secret-id/lookup", ["secret_id": .string(secret)]) == nil)
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)])
            == .invalidCredentials("invalid role or secret ID"))
        #expect(h.storage.keys.filter { $0.hasPrefix("secret_id/") || $0.hasPrefix("accessor/") }.isEmpty)
    }

    @Test("concurrent logins never share a use: exactly num_uses of them win", arguments: [1, 3])
    func race(_ uses: Int) async throws {
        let h = Harness(yieldingStorage: true)
        try await h.call(.update, "role/r", [:])
        let roleID = try await h.roleID("r")
        let (secret, _) = try await h.secretID("r", ["num_uses": .int(uses)])
        let wins = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<24 { group.addTask { (try? await h.login(roleID, secret)) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == uses)
        #expect(try await h.call(.list, "role/r/secret-id/") == nil)
    }

    @Test("an expired secret id is refused and removed")
    func expiry() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["secret_id_ttl": "60s"])
        let roleID = try await h.roleID("r")
        let (secret, _) = try await h.secretID("r")
        h.clock.advance(59)
        _ = try await h.login(roleID, secret)
        h.clock.advance(1)
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)])
            == .invalidCredentials("invalid role or secret ID"))
        #expect(try await h.call(.list, "role/r/secret-id/") == nil)
    }

    @Test("a secret id's cidr_list binds it; a refused login consumes nothing")
    func cidrBinding() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", [:])
        let roleID = try await h.roleID("r")
        let (once, _) = try await h.secretID("r", ["cidr_list": "10.1.0.0/16", "num_uses": 1])
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(once)], from: "127.0.0.1")
            == .invalidRequest("source address \"127.0.0.1\" unauthorized by CIDR restrictions on the secret ID"))
        let (always, _) = try await h.secretID("r", ["cidr_list": "10.1.0.0/16"])
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(always)], from: "127.0.0.1")
            == .invalidRequest("source address \"127.0.0.1\" unauthorized through CIDR restrictions on the secret ID"))
        _ = try await h.login(roleID, once, from: "10.1.200.3")
        _ = try await h.login(roleID, always, from: "10.1.200.3")
    }

    @Test("role CIDRs apply to secret-id logins too, and refusing consumes nothing")
    func roleCIDRs() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["secret_id_bound_cidrs": "10.0.0.0/8"])
        let roleID = try await h.roleID("r")
        let (secret, _) = try await h.secretID("r", ["num_uses": 1])
        #expect(await h.error(.update, "login", ["role_id": .string(roleID), "secret_id": .string(secret)], from: "192.168.0.1")
            == .invalidRequest("source address \"192.168.0.1\" unauthorized by CIDR restrictions on the role"))
        _ = try await h.login(roleID, secret, from: "10.0.0.1")
    }

    @Test("token CIDRs: the secret id's override the role's; strict binding uses the caller's address")
    func tokenCIDRs() async throws {
        let h = Harness()
        try await h.call(.update, "role/r", ["token_bound_cidrs": "10.0.0.0/8"])
        let roleID = try await h.roleID("r")
        let (plain, _) = try await h.secretID("r")
        let (narrow, _) = try await h.secretID("r", ["token_bound_cidrs": "10.1.0.0/16,10.2.3.4/32"])
        #expect(try await h.login(roleID, plain).token.boundCIDRs == ["10.0.0.0/8"])
        #expect(try await h.login(roleID, narrow).token.boundCIDRs == ["10.1.0.0/16", "10.2.3.4"])

        try await h.call(.update, "role/strict", ["token_strictly_bind_ip": true])
        let (s, _) = try await h.secretID("strict")
        #expect(try await h.login(try await h.roleID("strict"), s, from: "192.0.2.9").token.boundCIDRs == ["192.0.2.9"])
    }

    @Test("concurrent first uses of a fresh mount agree on one HMAC key")
    func saltOnce() async throws {
        let h = Harness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 { group.addTask { try await h.call(.update, "role/r\(i)", [:]) } }
            try await group.waitForAll()
        }
        for i in 0..<8 {
            let (secret, _) = try await h.secretID("r\(i)")
            _ = try await h.login(try await h.roleID("r\(i)"), secret)
        }
        #expect(h.storage.keys.filter { $0 == "salt" }.count == 1)
    }
}
