import ArcaSDK
import ArcaWire

/// `static-roles/<name>`: an existing database user whose password Arca rotates.
struct StaticRole: Sendable, Equatable {
    static let prefix = "static-role/"

    var name: String
    var dbName = ""
    var username = ""
    var rotationPeriod = 0
    var rotationSchedule = ""
    var rotationWindow = 0
    var rotationStatements: [String] = []
    var credentialType = "password"
    /// The password that works now; set only after the database accepted it.
    var password = ""
    /// Unix seconds of the last successful rotation.
    var lastRotation: Double = 0
    /// Unix seconds of the next try after a failed rotation (0: none pending).
    var retryAt: Double = 0
    var failedAttempts = 0

    init(name: String) { self.name = name }

    var storageJSON: JSONValue {
        [
            "name": .string(name), "db_name": .string(dbName), "username": .string(username),
            "rotation_period": .int(rotationPeriod), "rotation_schedule": .string(rotationSchedule),
            "rotation_window": .int(rotationWindow), "rotation_statements": .strings(rotationStatements),
            "credential_type": .string(credentialType), "password": .string(password),
            "last_rotation": .number(JSONNumber(lastRotation)), "retry_at": .number(JSONNumber(retryAt)),
            "failed_attempts": .int(failedAttempts),
        ]
    }

    init(storage o: [String: JSONValue]) {
        name = o["name"]?.stringValue ?? ""
        dbName = o["db_name"]?.stringValue ?? ""
        username = o["username"]?.stringValue ?? ""
        rotationPeriod = Int(o["rotation_period"]?.int64Value ?? 0)
        rotationSchedule = o["rotation_schedule"]?.stringValue ?? ""
        rotationWindow = Int(o["rotation_window"]?.int64Value ?? 0)
        rotationStatements = o["rotation_statements"]?.arrayValue?.compactMap(\.stringValue) ?? []
        credentialType = o["credential_type"]?.stringValue ?? "password"
        password = o["password"]?.stringValue ?? ""
        lastRotation = o["last_rotation"]?.doubleValue ?? 0
        retryAt = o["retry_at"]?.doubleValue ?? 0
        failedAttempts = Int(o["failed_attempts"]?.int64Value ?? 0)
    }
}
