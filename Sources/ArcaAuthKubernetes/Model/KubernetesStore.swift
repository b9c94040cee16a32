import ArcaSDK
import ArcaWire

/// The mount's storage layout: `config` and `role/<name>` (names lower-cased), JSON documents.
struct KubernetesStore: Sendable {
    let storage: any Storage

    func config() async throws -> KubernetesConfig? {
        guard let o = try await storage.getJSON("config")?.objectValue else { return nil }
        return KubernetesConfig(storageJSON: o)
    }

    func putConfig(_ c: KubernetesConfig) async throws { try await storage.putJSON("config", c.storageJSON) }

    func role(_ name: String) async throws -> KubernetesRole? {
        guard let o = try await storage.getJSON("role/" + name.lowercased())?.objectValue else { return nil }
        return KubernetesRole(storageJSON: o)
    }

    func putRole(_ name: String, _ r: KubernetesRole) async throws {
        try await storage.putJSON("role/" + name.lowercased(), r.storageJSON)
    }

    func deleteRole(_ name: String) async throws { try await storage.delete("role/" + name.lowercased()) }

    func roleNames() async throws -> [String] { try await storage.list(prefix: "role/") }
}
