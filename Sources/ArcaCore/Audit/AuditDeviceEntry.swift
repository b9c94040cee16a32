import ArcaSDK
import ArcaWire

/// One enabled audit device as the audit table (`core/audit`) stores it.
package struct AuditDeviceEntry: Sendable, Equatable {
    /// With a trailing `/`, e.g. `file/`.
    package var path: String
    package var type: String
    package var description: String
    /// The options as given (`file_path`, `log_raw`, ...), all strings as in Vault.
    package var options: [String: String]
    package var local: Bool
    /// Names the device's salt in storage (`audit/<uuid>/salt`).
    package var uuid: String
    /// Declared by an `audit` stanza of the server config: created and removed with the config,
    /// never disabled over the API.
    package var declared: Bool

    package init(
        path: String, type: String, description: String, options: [String: String], local: Bool, uuid: String,
        declared: Bool = false
    ) {
        self.path = path
        self.type = type
        self.description = description
        self.options = options
        self.local = local
        self.uuid = uuid
        self.declared = declared
    }

    package var json: JSONValue {
        [
            "path": .string(path), "type": .string(type), "description": .string(description),
            "options": .object(options.mapValues(JSONValue.string)), "local": .bool(local), "uuid": .string(uuid),
            "declared": .bool(declared),
        ]
    }

    package init(json: JSONValue) throws {
        guard let path = json["path"]?.stringValue, let type = json["type"]?.stringValue,
            let uuid = json["uuid"]?.stringValue
        else { throw LogicalError.coded(status: 500, message: "corrupt audit table entry") }
        self.init(
            path: path, type: type, description: json["description"]?.stringValue ?? "",
            options: (json["options"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            local: json["local"]?.boolValue ?? false, uuid: uuid, declared: json["declared"]?.boolValue ?? false)
    }

    /// What `sys/audit` lists for the device.
    package var wireJSON: JSONValue {
        [
            "type": .string(type), "description": .string(description), "path": .string(path),
            "options": .object(options.mapValues(JSONValue.string)), "local": .bool(local),
        ]
    }
}
