import ArcaSDK
import ArcaWire

/// One user as stored: the bcrypt hash of the password and the token settings.
struct UserEntry: Sendable, Equatable {
    var passwordHash = ""
    var token = TokenSettings()

    init() {}

    init(json: [String: JSONValue]) {
        passwordHash = json["password_hash"]?.stringValue ?? ""
        token = TokenSettings(storageJSON: json["token"]?.objectValue ?? [:])
    }

    var json: JSONValue {
        .object(["password_hash": .string(passwordHash), "token": .object(token.storageJSON)])
    }
}
