import ArcaSDK
import ArcaWire

/// One mounted secrets engine or auth method, as stored in the mount or auth table.
package struct MountEntry: Sendable, Equatable {
    /// The mount point with a trailing `/`, e.g. `secret/`; auth methods relative to `auth/` (`token/`).
    package var path: String
    package var type: String
    package var description: String
    package var accessor: String
    /// Storage lives under `logical/<uuid>/`; disabling the mount deletes it.
    package var uuid: String
    package var defaultLeaseTTL: Int = 0
    package var maxLeaseTTL: Int = 0
    package var options: [String: String] = [:]
    package var local = false
    package var namespaceID = "root"
    package var table = MountTableKind.secrets
    /// Listing visibility, header and audit settings, token type (`sys/.../tune`).
    package var tuning = MountTuning()

    package var storagePrefix: String { table.storagePrefix(uuid: uuid, type: type) }

    package var info: MountInfo { MountInfo(path: path, type: type, accessor: accessor, options: options) }

    /// The mount as a backend sees it, with its effective lease TTLs under the system's.
    package func info(systemDefaultTTL: Int64, systemMaxTTL: Int64) -> MountInfo {
        let maxTTL = maxLeaseTTL > 0 ? min(Int64(maxLeaseTTL), systemMaxTTL) : systemMaxTTL
        let defaultTTL = min(defaultLeaseTTL > 0 ? Int64(defaultLeaseTTL) : systemDefaultTTL, maxTTL)
        return MountInfo(
            path: path, type: type, accessor: accessor, options: options, defaultLeaseTTL: Int(defaultTTL),
            maxLeaseTTL: Int(maxTTL))
    }

    package var json: JSONValue {
        [
            "path": .string(path), "type": .string(type), "description": .string(description),
            "accessor": .string(accessor), "uuid": .string(uuid), "default_lease_ttl": .int(defaultLeaseTTL),
            "max_lease_ttl": .int(maxLeaseTTL), "options": .object(options.mapValues(JSONValue.string)),
            "local": .bool(local), "namespace_id": .string(namespaceID), "table": .string(table.rawValue),
            "tuning": tuning.json,
        ]
    }

    package init(path: String, type: String, description: String, accessor: String, uuid: String) {
        self.path = path
        self.type = type
        self.description = description
        self.accessor = accessor
        self.uuid = uuid
    }

    package init(json: JSONValue) throws {
        guard let path = json["path"]?.stringValue, let type = json["type"]?.stringValue,
            let uuid = json["uuid"]?.stringValue
        else { throw LogicalError.coded(status: 500, message: "corrupt mount table entry") }
        self.init(
            path: path, type: type, description: json["description"]?.stringValue ?? "",
            accessor: json["accessor"]?.stringValue ?? "", uuid: uuid)
        defaultLeaseTTL = Int(json["default_lease_ttl"]?.int64Value ?? 0)
        maxLeaseTTL = Int(json["max_lease_ttl"]?.int64Value ?? 0)
        options = (json["options"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        local = json["local"]?.boolValue ?? false
        namespaceID = json["namespace_id"]?.stringValue ?? "root"
        table = json["table"]?.stringValue.flatMap(MountTableKind.init(rawValue:)) ?? .secrets
        tuning = MountTuning(json: json["tuning"])
    }

    /// What `sys/mounts` and `sys/auth` show for this entry.
    package var wireJSON: JSONValue {
        var o: [String: JSONValue] = [
            "type": .string(type), "description": .string(description), "accessor": .string(accessor),
            "uuid": .string(uuid), "local": .bool(local), "seal_wrap": false, "external_entropy_access": false,
            "options": options.isEmpty ? .null : .object(options.mapValues(JSONValue.string)),
            "config": .object(wireConfig),
            "plugin_version": "", "running_plugin_version": .string("v\(ArcaVersion.version)+builtin.arca"),
            "running_sha256": "",
        ]
        // Engines from the plugin catalog report a deprecation status; the core's own mounts do not.
        if !Self.coreTypes.contains(type) { o["deprecation_status"] = "supported" }
        return .object(o)
    }

    static let coreTypes: Set = ["system", "token", "cubbyhole", "identity"]
}
