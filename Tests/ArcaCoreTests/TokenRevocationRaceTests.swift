import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

/// Issue 36 item 5: a renewal or a use counted while the token is revoked must not write the
/// entry back — a revoked token never resolves again.
@Suite struct TokenRevocationRaceTests {
    static let rounds = 150

    func create(_ core: Core, token: String, _ data: [String: JSONValue]) async throws -> String {
        let r = try await RequestHandler(core: core).handle(
            operation: .update, path: "auth/token/create", data: data, token: token, requestID: "t", remoteAddress: nil)
        return try #require(r?.auth?["client_token"]?.stringValue)
    }

    /// Runs `work` eight times and one revocation of `hash` all at once, then checks the token is gone.
    func race(_ core: Core, id: String, _ work: @escaping @Sendable (TokenEntry) async throws -> Void) async throws {
        let entry = try #require(try await core.tokens.lookup(id))
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<9 {
                group.addTask {
                    if i == 4 {
                        _ = try? await core.tokens.revoke(hash: entry.idHash)
                    } else {
                        try? await work(entry)
                    }
                }
            }
        }
        #expect(try await core.tokens.lookup(id) == nil, "a revoked token resolved again")
        #expect(try await core.tokens.rawEntry(hash: entry.idHash) == nil, "a revoked token's entry was written back")
    }

    @Test("renewals racing a revocation never bring the token back")
    func renewRevoke() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        for _ in 0..<Self.rounds {
            let id = try await create(core, token: root, ["policies": ["default"], "ttl": "1h"])
            try await race(core, id: id) { entry in
                _ = try await core.tokens.renew(hash: entry.idHash, increment: 7200, maxTTL: 0)
            }
        }
    }

    @Test("uses racing a revocation never bring the token back")
    func useRevoke() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        for _ in 0..<Self.rounds {
            let id = try await create(core, token: root, ["policies": ["default"], "num_uses": 1000])
            try await race(core, id: id) { entry in _ = try await core.tokens.use(entry) }
        }
    }

    @Test("requests through the pipeline racing revoke-self leave the token revoked")
    func pipelineRenewRevoke() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        for _ in 0..<40 {
            let id = try await create(core, token: root, ["policies": ["default"], "ttl": "1h", "num_uses": 1000])
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<7 {
                    group.addTask {
                        let path = i == 3 ? "auth/token/revoke-self" : "auth/token/renew-self"
                        _ = try? await RequestHandler(core: core).handle(
                            operation: .update, path: path, data: [:], token: id, requestID: "r", remoteAddress: nil)
                    }
                }
            }
            #expect(try await core.tokens.lookup(id) == nil)
            #expect(try await core.tokens.rawEntry(hash: core.tokens.idKey(id)) == nil)
        }
    }
}
