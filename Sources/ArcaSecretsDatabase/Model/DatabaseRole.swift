import ArcaSDK
import ArcaWire

/// `roles/<name>`: how dynamic users are created, renewed and dropped.
struct DatabaseRole: Sendable, Equatable {
    static let prefix = "role/"

    var name: String
    var dbName = ""
    var creationStatements: [String] = []
    var revocationStatements: [String] = []
    var rollbackStatements: [String] = []
    var renewStatements: [String] = []
    var defaultTTL = 0
    var maxTTL = 0
    var credentialType = "password"

    init(name: String) { self.name = name }

    var storageJSON: JSONValue {
        [
            "name": .string(name), "db_name": .string(dbName), "creation_statements": .strings(creationStatements),
            "revocation_statements": .strings(revocationStatements), "rollback_statements": .strings(rollbackStatements),
            "renew_statements": .strings(renewStatements), "default_ttl": .int(defaultTTL), "max_ttl": .int(maxTTL),
            "credential_type": .string(credentialType),
        ]
    }

    init(storage o: [String: JSONValue]) {
        func list(_ k: String) -> [String] { o[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        name = o["name"]?.stringValue ?? ""
        dbName = o["db_name"]?.stringValue ?? ""
        creationStatements = list("creation_statements")
        revocationStatements = list("revocation_statements")
        rollbackStatements = list("rollback_statements")
        renewStatements = list("renew_statements")
        defaultTTL = Int(o["default_ttl"]?.int64Value ?? 0)
        maxTTL = Int(o["max_ttl"]?.int64Value ?? 0)
        credentialType = o["credential_type"]?.stringValue ?? "password"
    }

    var readJSON: [String: JSONValue] {
        [
            "db_name": .string(dbName), "creation_statements": .strings(creationStatements),
            "revocation_statements": .strings(revocationStatements), "rollback_statements": .strings(rollbackStatements),
            "renew_statements": .strings(renewStatements), "default_ttl": .int(defaultTTL), "max_ttl": .int(maxTTL),
            "credential_type": .string(credentialType), "credential_config": .object([:]),
        ]
    }
}
