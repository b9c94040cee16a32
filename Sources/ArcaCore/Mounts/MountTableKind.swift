/// Which table an entry belongs to: secrets engines (`core/mounts`, routed at their path) or auth
/// methods (`core/auth`, routed at `auth/<path>`). The names are Vault's `Table` values.
package enum MountTableKind: String, Sendable {
    case secrets = "mounts"
    case auth

    /// Where the backend of an entry keeps its data: by uuid, so moves do not touch it. The token
    /// store is the exception: its roles stay where they were before it had a table entry
    /// (Vault, too, keeps the token store's data outside the auth table's prefixes).
    func storagePrefix(uuid: String, type: String) -> String {
        switch self {
        case .secrets: "logical/\(uuid)/"
        case .auth where type == "token": "logical/token/"
        case .auth: "auth/\(uuid)/"
        }
    }
}
