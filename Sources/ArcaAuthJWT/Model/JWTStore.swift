import ArcaSDK
import ArcaWire

/// The mount's storage layout: `config` and `role/<name>` (names lower-cased), JSON documents.
struct JWTStore: Sendable {
    let storage: any Storage

    static let configKey = "config"
    static let rolePrefix = "role/"

    func config() async throws -> JWTConfig? {
        guard let o = try await storage.getJSON(Self.configKey)?.objectValue else { return nil }
        return JWTConfig(storageJSON: o)
    }

    func putConfig(_ c: JWTConfig) async throws { try await storage.putJSON(Self.configKey, c.storageJSON) }

    func role(_ name: String) async throws -> JWTRole? {
        guard let o = try await storage.getJSON(Self.rolePrefix + name.lowercased())?.objectValue else { return nil }
        return JWTRole(storageJSON: o)
    }

    func putRole(_ name: String, _ r: JWTRole) async throws {
        try await storage.putJSON(Self.rolePrefix + name.lowercased(), r.storageJSON)
    }

    func deleteRole(_ name: String) async throws { try await storage.delete(Self.rolePrefix + name.lowercased()) }

    func roleNames() async throws -> [String] { try await storage.list(prefix: Self.rolePrefix) }
}
