import ArcaSDK
import ArcaWire

/// Typed access to a KV v2 mount's storage. Layout (ours, inside the mount's barrier view):
/// `config`, `metadata/<key>`, `versions/<key>/<n>`.
struct KVStore: Sendable {
    let storage: any Storage
    /// The mount's decoded metadata, reused while the stored bytes are unchanged.
    var decoded: DecodedCache<KVMetadata>? = nil

    func config() async throws -> KVConfig {
        guard let doc = try await storage.getJSON("config") else { return KVConfig() }
        return KVConfig(json: doc)
    }

    func putConfig(_ c: KVConfig) async throws { try await storage.putJSON("config", c.json) }

    func metadata(_ key: String) async throws -> KVMetadata? {
        try await storage.getDecoded("metadata/" + key, cache: decoded, decodeBytes: KVMetadata.decode(stored:))
    }

    func putMetadata(_ key: String, _ m: KVMetadata) async throws {
        try await storage.put(StorageEntry(key: "metadata/" + key, value: m.storageBytes))
    }

    func version(_ key: String, _ n: Int) async throws -> JSONValue? {
        try await storage.getJSON("versions/\(key)/\(n)")
    }


    // Writes for one `commit`: a data write's new version, trimmed versions and metadata land
    // together (one transaction, one fsync), the version before the metadata that points to it.
    func versionWrite(_ key: String, _ n: Int, _ data: JSONValue) -> StorageWrite {
        .put(StorageEntry(key: "versions/\(key)/\(n)", value: JSONWriter.encode(data)))
    }

    func versionDeletion(_ key: String, _ n: Int) -> StorageWrite { .delete("versions/\(key)/\(n)") }

    func metadataWrite(_ key: String, _ m: KVMetadata) -> StorageWrite {
        .put(StorageEntry(key: "metadata/" + key, value: m.storageBytes))
    }

    func commit(_ writes: [StorageWrite]) async throws { try await storage.apply(writes) }

    /// `commit` for writes that end with `metadataWrite(key, m)`: once they landed, `m` is kept as
    /// the decoded form of the bytes just written (the barrier keeps those very bytes cached for a
    /// hot key), so the key's next write finds it without parsing them again.
    func commit(_ writes: [StorageWrite], keeping m: KVMetadata) async throws {
        try await storage.apply(writes)
        if let decoded, case .put(let entry)? = writes.last { decoded.insert(entry.key, bytes: entry.value, value: m) }
    }

    func deleteAll(_ key: String, _ m: KVMetadata) async throws {
        try await commit(m.versions.keys.sorted().map { versionDeletion(key, $0) } + [.delete("metadata/" + key)])
    }

    func list(_ prefix: String, after: String, limit: Int) async throws -> [String] {
        try await storage.list(prefix: "metadata/" + prefix, after: after, limit: limit)
    }
}

/// The mount-wide settings of `config`.
struct KVConfig: Sendable, Equatable {
    var maxVersions = 0
    var casRequired = false
    var deleteVersionAfter = 0

    init() {}

    init(json: JSONValue) {
        maxVersions = Int(json["max_versions"]?.int64Value ?? 0)
        casRequired = json["cas_required"]?.boolValue ?? false
        deleteVersionAfter = Int(json["delete_version_after"]?.int64Value ?? 0)
    }

    var json: JSONValue {
        ["max_versions": .int(maxVersions), "cas_required": .bool(casRequired), "delete_version_after": .int(deleteVersionAfter)]
    }

    var wireJSON: JSONValue {
        ["max_versions": .int(maxVersions), "cas_required": .bool(casRequired),
         "delete_version_after": .string(DurationFormat.string(deleteVersionAfter))]
    }

    /// Vault keeps 10 versions when nothing is configured.
    static let defaultMaxVersions = 10
}
