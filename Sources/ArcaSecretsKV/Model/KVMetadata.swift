import ArcaSDK
import ArcaWire

/// One version's bookkeeping.
struct KVVersion: Sendable, Equatable {
    var createdTime: String
    var deletionTime: String
    var destroyed: Bool

    var json: JSONValue {
        ["created_time": .string(createdTime), "deletion_time": .string(deletionTime), "destroyed": .bool(destroyed)]
    }

    init(createdTime: String, deletionTime: String = "", destroyed: Bool = false) {
        self.createdTime = createdTime
        self.deletionTime = deletionTime
        self.destroyed = destroyed
    }

    init(json: JSONValue) {
        createdTime = json["created_time"]?.stringValue ?? ""
        deletionTime = json["deletion_time"]?.stringValue ?? ""
        destroyed = json["destroyed"]?.boolValue ?? false
    }

    /// Soft-deleted (and not destroyed), as of now.
    func isDeleted(now: @autoclosure () -> String) -> Bool { !deletionTime.isEmpty && deletionTime <= now() }
}

/// A key's metadata: its versions and per-key settings.
struct KVMetadata: Sendable, Equatable {
    var createdTime: String
    var updatedTime: String
    var currentVersion: Int = 0
    /// How many times the metadata itself was written (OpenBao reports it).
    var currentMetadataVersion: Int = 0
    var oldestVersion: Int = 0
    var maxVersions: Int = 0
    var casRequired: Bool = false
    var deleteVersionAfter: Int = 0
    var customMetadata: [String: String] = [:]
    var versions: [Int: KVVersion] = [:]

    init(createdTime: String) {
        self.createdTime = createdTime
        self.updatedTime = createdTime
    }

    /// `metadata/<path>`'s response data; also what `metadata/<key>` stored before the binary
    /// record (`storageBytes`), which `init(json:)` reads back whole.
    var wireJSON: JSONValue {
        [
            "created_time": .string(createdTime), "updated_time": .string(updatedTime),
            "current_version": .int(currentVersion), "oldest_version": .int(oldestVersion),
            "current_metadata_version": .int(currentMetadataVersion), "metadata_cas_required": false,
            "max_versions": .int(maxVersions), "cas_required": .bool(casRequired),
            "delete_version_after": .string(DurationFormat.string(deleteVersionAfter)),
            "custom_metadata": customMetadata.isEmpty ? .null : .object(customMetadata.mapValues(JSONValue.string)),
            "versions": .object(Dictionary(uniqueKeysWithValues: versions.map { (String($0.key), $0.value.json) })),
        ]
    }

    init(json: JSONValue) {
        createdTime = json["created_time"]?.stringValue ?? ""
        updatedTime = json["updated_time"]?.stringValue ?? ""
        currentVersion = Int(json["current_version"]?.int64Value ?? 0)
        currentMetadataVersion = Int(json["current_metadata_version"]?.int64Value ?? 0)
        oldestVersion = Int(json["oldest_version"]?.int64Value ?? 0)
        maxVersions = Int(json["max_versions"]?.int64Value ?? 0)
        casRequired = json["cas_required"]?.boolValue ?? false
        deleteVersionAfter = Int(DurationParser.seconds(json["delete_version_after"]?.stringValue ?? "0") ?? 0)
        customMetadata = (json["custom_metadata"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        for (k, v) in json["versions"]?.objectValue ?? [:] {
            if let n = Int(k) { versions[n] = KVVersion(json: v) }
        }
    }
}

/// Go's `time.Duration.String()` for whole seconds: `0s`, `1h0m0s`, `90s` → `1m30s`.
enum DurationFormat {
    static func string(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        let h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        if h > 0 { return "\(h)h\(m)m\(s)s" }
        if m > 0 { return "\(m)m\(s)s" }
        return "\(s)s"
    }
}
