import ArcaSDK
import ArcaWire

/// `keys/`, `keys/<name>`, `keys/<name>/config|rotate|trim`.
struct KeyPaths: Sendable {
    let engine: TransitBackend

    enum Fields {
        static let name = Field<String>("name", description: "The key's name.")
        static let type = Field<String>("type", default: "aes256-gcm96", description: "The key type.")
        static let derived = Field<Bool>("derived", description: "Derive a key per context.")
        static let convergent = Field<Bool>("convergent_encryption", description: "Deterministic encryption (needs derived).")
        static let exportable = Field<Bool>("exportable", description: "Allow export of the key material.")
        static let plaintextBackup = Field<Bool>("allow_plaintext_backup", description: "Allow plaintext backups.")
        static let autoRotate = Field<Int>("auto_rotate_period", .durationSeconds, description: "Rotate this often (0 = never).")
        static let keySize = Field<Int>("key_size", default: 32, description: "Bytes of an hmac key.")
        static let minDecryption = Field<Int>("min_decryption_version", description: "Oldest version that decrypts.")
        static let minEncryption = Field<Int>("min_encryption_version", description: "Oldest version that encrypts.")
        static let deletionAllowed = Field<Bool>("deletion_allowed", description: "Allow the key to be deleted.")
        static let minAvailable = Field<Int>("min_available_version", description: "Versions below this are removed.")
    }

    var paths: [Path] {
        let name = Fields.name.spec
        return [
            Path("keys/?", operations: [.list: list], synopsis: "List the named keys."),
            Path("keys/{name}",
                 fields: [name, Fields.type.spec, Fields.derived.spec, Fields.convergent.spec, Fields.exportable.spec,
                          Fields.plaintextBackup.spec, Fields.autoRotate.spec, Fields.keySize.spec],
                 operations: [.read: read, .create: create, .update: create, .delete: delete],
                 synopsis: "Create, read and delete a named key."),
            Path("keys/{name}/config",
                 fields: [name, Fields.minDecryption.spec, Fields.minEncryption.spec, Fields.deletionAllowed.spec,
                          Fields.exportable.spec, Fields.plaintextBackup.spec, Fields.autoRotate.spec],
                 operations: [.create: config, .update: config], synopsis: "Configure a named key."),
            Path("keys/{name}/rotate", fields: [name], operations: [.create: rotate, .update: rotate], synopsis: "Add a key version."),
            Path("keys/{name}/trim", fields: [name, Fields.minAvailable.spec], operations: [.create: trim, .update: trim],
                 synopsis: "Remove old key versions."),
        ]
    }

    @Sendable func list(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let keys = try await req.storage.list(prefix: KeyPolicy.prefix)
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func read(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let p = try await engine.policy(req, try f[Fields.name]) else { return nil }
        return .data(p.readJSON)
    }

    @Sendable func create(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        let typeName = try f[Fields.type]
        guard let type = TransitKeyType(rawValue: typeName) else {
            throw TransitError.badRequest("unknown key type \(typeName)")
        }
        let derived = try f[Fields.derived]
        let convergent = try f[Fields.convergent]
        if convergent && !derived { throw TransitError.badRequest("convergent encryption requires derivation to be enabled") }
        if derived && !(type.isSymmetricCipher) {
            throw TransitError.badRequest("key derivation is supported by this server for symmetric encryption keys only")
        }
        let keySize = try f[Fields.keySize]
        if type == .hmac && !(32...512).contains(keySize) {
            throw TransitError.badRequest("invalid key_size provided, must be between 32 and 512 bytes")
        }
        let period = try f[Fields.autoRotate]
        try Self.checkRotatePeriod(period)
        let exportable = try f[Fields.exportable]
        let backup = try f[Fields.plaintextBackup]
        let now = engine.now()
        let policy: KeyPolicy = try await engine.writes.run {
            if let existing = try await engine.policy(req, name) { return existing }
            var p = try KeyPolicy.create(name: name, type: type, hmacKeySize: type == .hmac ? keySize : 32, now: now)
            p.derived = derived
            p.convergent = convergent
            p.exportable = exportable
            p.allowPlaintextBackup = backup
            p.autoRotatePeriod = period
            try await engine.cache.save(p, storage: req.storage)
            return p
        }
        return .data(policy.readJSON)
    }

    static func checkRotatePeriod(_ period: Int) throws {
        if period != 0 && period < 3600 {
            throw TransitError.badRequest("auto rotate period must be 0 to disable or at least an hour")
        }
    }

    @Sendable func delete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        try await engine.writes.run {
            guard let p = try await engine.policy(req, name) else { return }
            guard p.deletionAllowed else {
                throw TransitError.badRequest("error deleting policy \(name): deletion is not allowed for this key")
            }
            try await engine.cache.remove(name, storage: req.storage)
        }
        return nil
    }

    @Sendable func config(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let minDec = try f.ifPresent(Fields.minDecryption)
        let minEnc = try f.ifPresent(Fields.minEncryption)
        let deletion = try f.ifPresent(Fields.deletionAllowed)
        let exportable = try f.ifPresent(Fields.exportable)
        let backup = try f.ifPresent(Fields.plaintextBackup)
        let period = try f.ifPresent(Fields.autoRotate)
        if let period { try Self.checkRotatePeriod(period) }
        let p = try await engine.update(req, try f[Fields.name]) { p in
            if let v = minDec {
                guard v <= p.latestVersion else { throw TransitError.badRequest("cannot set min decryption version of \(v), latest key version is \(p.latestVersion)") }
                guard v >= p.minAvailableVersion else { throw TransitError.badRequest("cannot set min decryption version of \(v) below the min available version \(p.minAvailableVersion)") }
                p.minDecryptionVersion = max(v, 1)
            }
            if let v = minEnc {
                guard v <= p.latestVersion else { throw TransitError.badRequest("cannot set min encryption version of \(v), latest key version is \(p.latestVersion)") }
                p.minEncryptionVersion = v
            }
            if p.minEncryptionVersion > 0 && p.minEncryptionVersion < p.minDecryptionVersion {
                throw TransitError.badRequest("min encryption version should not be less than min decryption version")
            }
            if let v = deletion { p.deletionAllowed = v }
            if let v = exportable {
                if p.exportable && !v { throw TransitError.badRequest("export cannot be disabled on a key that already has it enabled") }
                p.exportable = v
            }
            if let v = backup {
                if p.allowPlaintextBackup && !v { throw TransitError.badRequest("allow_plaintext_backup cannot be disabled on a key that already has it enabled") }
                p.allowPlaintextBackup = v
            }
            if let v = period { p.autoRotatePeriod = v }
        }
        return .data(p.readJSON)
    }

    @Sendable func rotate(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let now = engine.now()
        let p = try await engine.update(req, try f[Fields.name]) { p in try p.rotate(now: now) }
        return .data(p.readJSON)
    }

    @Sendable func trim(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let v = try f.ifPresent(Fields.minAvailable) else {
            throw TransitError.badRequest("missing min_available_version")
        }
        let p = try await engine.update(req, try f[Fields.name]) { p in
            guard v > 0 else { throw TransitError.badRequest("minimum available version should be positive") }
            guard p.minEncryptionVersion > 0 else {
                throw TransitError.badRequest("minimum available version cannot be set when minimum encryption version is not set")
            }
            guard v <= p.minDecryptionVersion else {
                throw TransitError.badRequest("minimum available version should not be greater than the minimum decryption version")
            }
            if v > p.minEncryptionVersion {
                throw TransitError.badRequest("minimum available version should not be greater than the minimum encryption version")
            }
            for n in p.versions.keys where n < v { p.versions[n] = nil }
            p.minAvailableVersion = v
        }
        return .data(p.readJSON)
    }
}
