import ArcaSDK
import ArcaWire
import Crypto
import FoundationEssentials
import Synchronization

/// `random`, `hash`, `export`, `backup`, `restore` and `cache-config`.
struct UtilityPaths: Sendable {
    let engine: TransitBackend

    enum Fields {
        static let name = Field<String>("name", description: "The key's name.")
        static let bytes = Field<Int>("bytes", default: 32, description: "How many random bytes.")
        static let urlBytes = Field<String>("urlbytes", description: "How many random bytes, in the path.")
        static let source = Field<String>("source", default: "platform", description: "Entropy source.")
        static let format = Field<String>("format", description: "base64 or hex.")
        static let input = Field<String>("input", description: "Base64 input.")
        static let algorithm = Field<String>("algorithm", default: "sha2-256", description: "Hash algorithm.")
        static let urlAlgorithm = Field<String>("urlalgorithm", description: "Hash algorithm in the path.")
        static let exportType = Field<String>("type", description: "encryption-key, signing-key, hmac-key or public-key.")
        static let version = Field<String>("version", description: "A version number or latest.")
        static let backup = Field<String>("backup", description: "A backup made by backup/<name>.")
        static let force = Field<Bool>("force", description: "Overwrite an existing key.")
        static let size = Field<Int>("size", description: "Cache size (0 = unbounded).")
    }

    var paths: [Path] {
        let random = [Fields.bytes.spec, Fields.urlBytes.spec, Fields.source.spec, Fields.format.spec]
        let hash = [Fields.input.spec, Fields.algorithm.spec, Fields.urlAlgorithm.spec, Fields.format.spec]
        let export = [Fields.exportType.spec, Fields.name.spec, Fields.version.spec]
        let restore = [Fields.name.spec, Fields.backup.spec, Fields.force.spec]
        return [
            Path("random/?", fields: random, operations: [.create: randomBytes, .update: randomBytes], synopsis: "Random bytes."),
            Path("random/{urlbytes}", fields: random, operations: [.create: randomBytes, .update: randomBytes], synopsis: "Random bytes."),
            Path("random/{source}/{urlbytes}", fields: random, operations: [.create: randomBytes, .update: randomBytes], synopsis: "Random bytes."),
            Path("hash/?", fields: hash, operations: [.create: hashHandler, .update: hashHandler], synopsis: "Hash input."),
            Path("hash/{urlalgorithm}", fields: hash, operations: [.create: hashHandler, .update: hashHandler], synopsis: "Hash input."),
            Path("export/{type}/{name}", fields: export, operations: [.read: exportHandler], synopsis: "Export key material."),
            Path("export/{type}/{name}/{version}", fields: export, operations: [.read: exportHandler], synopsis: "Export key material."),
            Path("backup/{name}", fields: [Fields.name.spec], operations: [.read: backupHandler], synopsis: "Back up a key."),
            Path("restore/?", fields: restore, operations: [.create: restoreHandler, .update: restoreHandler], synopsis: "Restore a key."),
            Path("restore/{name}", fields: restore, operations: [.create: restoreHandler, .update: restoreHandler], synopsis: "Restore a key."),
            Path("cache-config", fields: [Fields.size.spec],
                 operations: [.read: cacheRead, .create: cacheWrite, .update: cacheWrite], synopsis: "The key cache's size."),
        ]
    }

    static func render(_ bytes: [UInt8], format: String) throws -> String {
        switch format {
        case "base64", "": return Data(bytes).base64EncodedString()
        case "hex": return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        default: throw TransitError.badRequest("unsupported encoding format \(format); must be \"hex\" or \"base64\"")
        }
    }

    @Sendable func randomBytes(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var count = try f[Fields.bytes]
        if let text = try f.ifPresent(Fields.urlBytes) {
            guard let n = Int(text) else { throw TransitError.badRequest("error parsing url-set byte count: \(text)") }
            count = n
        }
        guard count >= 1 else { throw TransitError.badRequest("'bytes' cannot be less than 1") }
        guard count <= 1024 * 128 else { throw TransitError.badRequest("'bytes' cannot be greater than 131072") }
        let source = try f[Fields.source]
        guard ["platform", "all", "seal"].contains(source) else { throw TransitError.badRequest("unsupported entropy source \(source)") }
        let bytes = (0..<(count + 31) / 32).flatMap { _ in SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) } }.prefix(count)
        return .data(["random_bytes": .string(try Self.render(Array(bytes), format: try f.ifPresent(Fields.format) ?? "base64"))])
    }

    @Sendable func hashHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f.ifPresent(Fields.urlAlgorithm) ?? f[Fields.algorithm]
        let algorithm = try HashAlgorithm.parse(name)
        guard let text = try f.ifPresent(Fields.input) else { throw TransitError.badRequest("missing input") }
        let sum = algorithm.hash(try VaultEncoding.base64Field(text))
        return .data(["sum": .string(try Self.render(sum, format: try f.ifPresent(Fields.format) ?? "hex"))])
    }

    @Sendable func exportHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let type = try f[Fields.exportType]
        guard ["encryption-key", "signing-key", "hmac-key", "public-key"].contains(type) else {
            throw TransitError.badRequest("invalid export type: \(type)")
        }
        guard let p = try await engine.policy(req, try f[Fields.name]) else { return nil }
        if type != "public-key" && !p.exportable { throw TransitError.badRequest("private key material is not exportable") }
        switch type {
        case "encryption-key" where !p.type.supportsEncryption || p.type.isRSA:
            throw TransitError.badRequest("encryption key not found")
        case "signing-key" where !p.type.supportsSigning, "public-key" where !p.type.supportsSigning:
            throw TransitError.badRequest("\(type == "public-key" ? "public" : "signing") key not found")
        default: break
        }
        var numbers = p.versions.keys.filter { $0 >= p.minDecryptionVersion }.sorted()
        if let v = try f.ifPresent(Fields.version), !v.isEmpty {
            let n = v == "latest" ? p.latestVersion : Int(v.hasPrefix("v") ? String(v.dropFirst()) : v) ?? -1
            guard p.versions[n] != nil, n >= p.minDecryptionVersion else { throw TransitError.badRequest("invalid key version") }
            numbers = [n]
        }
        var keys: [String: JSONValue] = [:]
        for n in numbers {
            guard let v = p.versions[n] else { continue }
            let value: String
            switch type {
            case "encryption-key": value = Data(v.symmetricBytes ?? []).base64EncodedString()
            case "hmac-key": value = Data(v.hmacBytes).base64EncodedString()
            case "signing-key": value = v.asymmetricKey?.exportedPrivateKey ?? ""
            default:
                guard let k = v.asymmetricKey else { continue }
                value = k.type == .ed25519 ? k.publicKeyForRead : k.publicKeyPEM
            }
            keys[String(n)] = .string(value)
        }
        return .data(["name": .string(p.name), "type": .string(p.type.rawValue), "keys": .object(keys)])
    }

    @Sendable func backupHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let p = try await engine.policy(req, try f[Fields.name]) else { throw TransitError.badRequest("key not found") }
        guard p.exportable && p.allowPlaintextBackup else {
            // OpenBao answers this refusal with a 500; clients see the same.
            throw TransitError.internalError("1 error occurred:\n\t* exporting is disallowed on the policy\n\n")
        }
        let blob = JSONWriter.encode(["arca_transit_backup": 1, "policy": p.storageJSON])
        return .data(["backup": .string(Data(blob).base64EncodedString())])
    }

    @Sendable func restoreHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let text = try f.ifPresent(Fields.backup), !text.isEmpty else { throw TransitError.badRequest("'backup' must be supplied") }
        guard let raw = Data(base64Encoded: text), let doc = try? JSONParser.parse(Array(raw)),
            doc["arca_transit_backup"]?.int64Value == 1, var stored = doc["policy"]?.objectValue
        else { throw TransitError.badRequest("failed to restore the policy: the backup is not valid") }
        var p = try KeyPolicy(storage: .object(stored))
        let requested = try f.ifPresent(Fields.name) ?? ""
        if !requested.isEmpty {
            stored["name"] = .string(requested)
            p = try KeyPolicy(storage: .object(stored))
        }
        guard Self.restorable(p) else { throw TransitError.badRequest("failed to restore the policy: the backup is not valid") }
        let force = try f[Fields.force]
        let policy = p
        try await engine.writes.run {
            if try await engine.policy(req, policy.name) != nil && !force {
                throw TransitError.internalError("1 error occurred:\n\t* key \"\(policy.name)\" already exists\n\n")
            }
            try await engine.cache.save(policy, storage: req.storage)
        }
        return nil
    }

    /// A backup is client data: its version numbers and period must be ones this engine could
    /// have made, so that a later rotation or expiry check cannot overflow.
    static func restorable(_ p: KeyPolicy) -> Bool {
        let latest = p.latestVersion
        guard (1...Int(Int32.max)).contains(latest), !p.versions.isEmpty,
            p.versions.keys.allSatisfy({ (1...latest).contains($0) }),
            [p.minDecryptionVersion, p.minEncryptionVersion, p.minAvailableVersion].allSatisfy({ (0...latest).contains($0) }),
            (0...Int(DurationParser.maxSeconds)).contains(p.autoRotatePeriod)
        else { return false }
        return true
    }

    @Sendable func cacheRead(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let stored = try await req.storage.getJSON("config/cache")?["size"]?.int64Value ?? 0
        return .data(["size": .int(Int(stored))])
    }

    @Sendable func cacheWrite(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let size = try f[Fields.size]
        guard size == 0 || size >= 10 else { throw TransitError.badRequest("size must be 0 or a value greater or equal to 10") }
        try await req.storage.putJSON("config/cache", ["size": .int(size)])
        engine.cache.size.withLock { $0 = size }
        return .data(["warning": "cache configurations will be applied when this backend is restarted"])
    }
}
