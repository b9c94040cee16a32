/// Errors of the security barrier.
package enum BarrierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The barrier is sealed; no storage access.
    case sealed
    /// The barrier has not been initialized.
    case notInitialized
    /// The root key does not open the keyring.
    case invalidRootKey
    /// The stored keyring cannot be parsed.
    case corruptKeyring
    /// A stored value failed authentication: tampered with, or stored under another path.
    case tamperedValue(key: String)

    package var description: String {
        switch self {
        case .sealed: "Vault is sealed"
        case .notInitialized: "barrier is not initialized"
        case .invalidRootKey: "root key does not open the keyring"
        case .corruptKeyring: "keyring is corrupt"
        case .tamperedValue(let key): "stored value at '\(key)' failed authentication"
        }
    }
}
