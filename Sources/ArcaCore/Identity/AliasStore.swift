import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials

/// A minimal identity store: one entity per (auth mount, alias name), created at first login and
/// stable afterwards, so tokens from the same user carry the same `entity_id`. Full identity
/// (entities with several aliases, groups, identity tokens) comes later.
struct AliasStore: Sendable {
    static let prefix = "sys/identity/alias/"

    let storage: any Storage
    let entropy: any EntropySource
    let clock: any WallClock

    /// The entity id for `alias` on the mount with `mountAccessor`, creating it on first sight.
    func entityID(for alias: IdentityAlias, mountAccessor: String, mountType: String) async throws -> String {
        let key = Self.prefix + mountAccessor + "/" + SHA256Digest.hex(Array(alias.name.utf8))
        if let doc = try await storage.getJSON(key), let id = doc["entity_id"]?.stringValue {
            if doc["metadata"]?.objectValue != alias.metadata.mapValues(JSONValue.string) {
                var updated = doc.objectValue ?? [:]
                updated["metadata"] = .object(alias.metadata.mapValues(JSONValue.string))
                try await storage.putJSON(key, .object(updated))
            }
            return id
        }
        let id = UUIDString.random(entropy)
        try await storage.putJSON(key, [
            "entity_id": .string(id), "name": .string(alias.name), "mount_accessor": .string(mountAccessor),
            "mount_type": .string(mountType), "metadata": .object(alias.metadata.mapValues(JSONValue.string)),
            "creation_time": .string(clock.now().rfc3339Nano),
        ])
        return id
    }
}
