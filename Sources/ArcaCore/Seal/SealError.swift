/// Errors of sealing, unsealing, initialization and rekey. Messages never contain key material.
package enum SealError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyInitialized
    case notInitialized
    case invalidConfig(String)
    case corruptConfig
    /// A share is neither hex nor base64.
    case undecodableShare
    /// A share has an impossible length, or the shares do not combine.
    case invalidShare(String)
    /// The shares did not reconstruct a key that opens the stored root key.
    case wrongShares(String)
    case sealed
    case noRekeyInProgress
    /// The same share was submitted twice during one rekey.
    case duplicateShare
    case rekeyInProgress
    case nonceMismatch
    /// A request that does not fit this seal (the message is the whole answer).
    case invalidRequest(String)
    /// The auto-unseal seal's service (KMS, transit) could not wrap or unwrap the root key.
    case sealUnavailable(String)
    /// Seal migration is pending and the request did not say `migrate`.
    case migrationPending

    package var description: String {
        switch self {
        case .alreadyInitialized: "Vault is already initialized"
        case .notInitialized: "Vault is not initialized"
        case .invalidConfig(let m): "invalid seal configuration: \(m)"
        case .corruptConfig: "stored seal configuration is corrupt"
        case .undecodableShare: "'key' must be a valid hex or base64 string"
        case .invalidShare(let m): "invalid key: \(m)"
        case .wrongShares(let m): "unable to retrieve stored keys: invalid key: \(m)"
        case .sealed: "Vault is sealed"
        case .noRekeyInProgress: "no barrier rekey in progress"
        case .duplicateShare: "given key has already been provided during this generation operation"
        case .rekeyInProgress: "rekey already in progress"
        case .nonceMismatch: "incorrect nonce supplied; nonce for this rekey operation is different"
        case .invalidRequest(let m): m
        case .sealUnavailable(let m): m
        case .migrationPending: "migrate option not provided and seal migration is pending"
        }
    }

    /// Whether the caller is at fault (400) rather than the server (500).
    package var isClientError: Bool {
        switch self {
        case .corruptConfig, .sealUnavailable: false
        default: true
        }
    }
}
