import ArcaCore
import ArcaSDK
import ArcaTesting
import ArcaWire
import Testing

/// `bao token create` always sends `entity_alias` (empty unless asked): it is a known field.
@Suite struct TokenEntityAliasTests {
    func create(_ core: Core, _ path: String, token: String, _ data: [String: JSONValue]) async throws -> LogicalResponse? {
        try await RequestHandler(core: core).handle(operation: .update, path: path, data: data, token: token, requestID: "t", remoteAddress: nil)
    }

    @Test("an empty entity_alias draws no warning; a given one is refused as OpenBao refuses it")
    func entityAlias() async throws {
        let (core, _, root) = try await TestCore.unsealed()
        let r = try await create(core, "auth/token/create", token: root, ["policies": ["default"], "entity_alias": ""])
        #expect(r?.auth != nil && r?.warnings == [])
        await #expect(throws: LogicalError.invalidRequest("'entity_alias' is only allowed in combination with token role")) {
            try await create(core, "auth/token/create", token: root, ["entity_alias": "x"])
        }
        _ = try await create(core, "auth/token/roles/r1", token: root, [:])
        await #expect(throws: LogicalError.invalidRequest("invalid 'entity_alias' value")) {
            try await create(core, "auth/token/create/r1", token: root, ["entity_alias": "x"])
        }
    }
}
