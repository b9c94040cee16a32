import ArcaSDK
import ArcaWire
import FoundationEssentials

/// A named transit key: its type, settings and versions. Stored at `policy/<name>` in the mount's
/// (barrier-encrypted) storage; decoded once and cached by `KeyCache`.
struct KeyPolicy: Sendable {
    static let prefix = "policy/"

    var name: String
    var type: TransitKeyType
    var versions: [Int: KeyVersion]
    var latestVersion: Int
    var minDecryptionVersion = 1
    var minEncryptionVersion = 0
    var minAvailableVersion = 0
    var deletionAllowed = false
    var exportable = false
    var allowPlaintextBackup = false
    var derived = false
    var convergent = false
    /// Seconds; 0 = never.
    var autoRotatePeriod = 0
    /// Bytes of each version's HMAC key (and of an `hmac` key's material).
    var hmacKeySize = 32

    static func create(name: String, type: TransitKeyType, hmacKeySize: Int = 32, now: Date) throws -> KeyPolicy {
        let first = try KeyVersion.generate(type, hmacKeySize: hmacKeySize, now: now)
        return KeyPolicy(name: name, type: type, versions: [1: first], latestVersion: 1, hmacKeySize: hmacKeySize)
    }

    mutating func rotate(now: Date) throws {
        latestVersion += 1
        versions[latestVersion] = try KeyVersion.generate(type, hmacKeySize: hmacKeySize, now: now)
    }

    /// The version to encrypt or sign with: the latest, or `requested` when it is allowed.
    func encryptionVersion(_ requested: Int) throws -> Int {
        if requested == 0 { return latestVersion }
        guard requested <= latestVersion else { throw TransitError.badRequest("requested version for encryption is higher than the latest key version") }
        guard requested >= max(minEncryptionVersion, minAvailableVersion, 1) else {
            throw TransitError.badRequest("requested version for encryption is less than the minimum encryption key version")
        }
        return requested
    }

    /// The version a ciphertext or signature names, when it may still be used.
    func decryptionVersion(_ version: Int) throws -> KeyVersion {
        guard version <= latestVersion else { throw TransitError.badRequest("invalid ciphertext: version is too new") }
        guard version >= minDecryptionVersion, let v = versions[version] else {
            throw TransitError.badRequest("invalid ciphertext: version is backed up or disallowed by policy")
        }
        return v
    }

    // MARK: Wire

    /// `GET keys/<name>`, as OpenBao shapes it: only versions that may still decrypt are listed.
    var readJSON: [String: JSONValue] {
        var keys: [String: JSONValue] = [:]
        for (n, v) in versions where n >= minDecryptionVersion {
            if let asym = v.asymmetricKey {
                keys[String(n)] = [
                    "certificate_chain": "", "creation_time": .string(v.creationTime.rfc3339Nano),
                    "name": .string(asym.type.curveName), "public_key": .string(asym.publicKeyForRead),
                ]
            } else {
                keys[String(n)] = .int(Int(saturating: v.creationTime.timeIntervalSince1970))
            }
        }
        var d: [String: JSONValue] = [
            "allow_plaintext_backup": .bool(allowPlaintextBackup), "auto_rotate_period": .int(autoRotatePeriod),
            "deletion_allowed": .bool(deletionAllowed), "derived": .bool(derived), "exportable": .bool(exportable),
            "imported_key": false, "keys": .object(keys), "latest_version": .int(latestVersion),
            "min_available_version": .int(minAvailableVersion), "min_decryption_version": .int(minDecryptionVersion),
            "min_encryption_version": .int(minEncryptionVersion), "name": .string(name), "soft_deleted": false,
            "supports_decryption": .bool(type.supportsEncryption), "supports_derivation": .bool(type.supportsDerivation),
            "supports_encryption": .bool(type.supportsEncryption), "supports_signing": .bool(type.supportsSigning),
            "type": .string(type.rawValue),
        ]
        if derived {
            d["kdf"] = "hkdf_sha256"
            d["convergent_encryption"] = .bool(convergent)
            if convergent { d["convergent_encryption_version"] = -1 }
        }
        if type == .hmac {
            // OpenBao lists no versions for an hmac key, only its size.
            d["key_size"] = .int(hmacKeySize)
            d["keys"] = nil
        }
        return d
    }

    var storageJSON: JSONValue {
        var vs: [String: JSONValue] = [:]
        for (n, v) in versions { vs[String(n)] = v.storageJSON(type) }
        return [
            "name": .string(name), "type": .string(type.rawValue), "versions": .object(vs), "latest_version": .int(latestVersion),
            "min_decryption_version": .int(minDecryptionVersion), "min_encryption_version": .int(minEncryptionVersion),
            "min_available_version": .int(minAvailableVersion), "deletion_allowed": .bool(deletionAllowed),
            "exportable": .bool(exportable), "allow_plaintext_backup": .bool(allowPlaintextBackup), "derived": .bool(derived),
            "convergent_encryption": .bool(convergent), "auto_rotate_period": .int(autoRotatePeriod),
            "hmac_key_size": .int(hmacKeySize),
        ]
    }

    init(name: String, type: TransitKeyType, versions: [Int: KeyVersion], latestVersion: Int, hmacKeySize: Int) {
        self.name = name
        self.type = type
        self.versions = versions
        self.latestVersion = latestVersion
        self.hmacKeySize = hmacKeySize
    }

    init(storage doc: JSONValue) throws {
        guard let name = doc["name"]?.stringValue, let type = doc["type"]?.stringValue.flatMap(TransitKeyType.init(rawValue:)),
            let vs = doc["versions"]?.objectValue
        else { throw TransitError.internalError("stored key policy is corrupt") }
        var versions: [Int: KeyVersion] = [:]
        for (n, v) in vs {
            guard let number = Int(n) else { throw TransitError.internalError("stored key policy is corrupt") }
            versions[number] = try KeyVersion(storage: v, type: type)
        }
        func int(_ k: String, _ d: Int) -> Int { doc[k]?.int64Value.map(Int.init) ?? d }
        func bool(_ k: String) -> Bool { doc[k]?.boolValue ?? false }
        self.init(name: name, type: type, versions: versions, latestVersion: int("latest_version", 1), hmacKeySize: int("hmac_key_size", 32))
        minDecryptionVersion = int("min_decryption_version", 1)
        minEncryptionVersion = int("min_encryption_version", 0)
        minAvailableVersion = int("min_available_version", 0)
        deletionAllowed = bool("deletion_allowed")
        exportable = bool("exportable")
        allowPlaintextBackup = bool("allow_plaintext_backup")
        derived = bool("derived")
        convergent = bool("convergent_encryption")
        autoRotatePeriod = int("auto_rotate_period", 0)
    }
}
