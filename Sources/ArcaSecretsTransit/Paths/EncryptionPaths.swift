import ArcaSDK
import ArcaWire
import Crypto
import FoundationEssentials

/// `encrypt`, `decrypt`, `rewrap` and `datakey`.
struct EncryptionPaths: Sendable {
    let engine: TransitBackend

    enum Fields {
        static let name = Field<String>("name", description: "The key's name.")
        static let plaintext = Field<String>("plaintext", description: "Base64 plaintext.")
        static let ciphertext = Field<String>("ciphertext", description: "vault:v<N>: ciphertext.")
        static let context = Field<String>("context", description: "Base64 context for derived keys.")
        static let keyVersion = Field<Int>("key_version", description: "Key version to encrypt with (0 = latest).")
        static let associatedData = Field<String>("associated_data", description: "Base64 associated data (AEAD keys).")
        static let type = Field<String>("type", default: "aes256-gcm96", description: "Key type when encrypt creates the key.")
        static let convergent = Field<Bool>("convergent_encryption", description: "Convergent key when encrypt creates it.")
        static let nonce = Field<String>("nonce", description: "Ignored (convergent nonces are derived).")
        static let reference = Field<String>("reference", description: "Returned with the result.")
        static let kind = Field<String>("plaintext_kind", description: "plaintext or wrapped.")
        static let bits = Field<Int>("bits", default: 256, description: "Data key size: 128, 256 or 512.")
    }

    var paths: [Path] {
        let common = [Fields.name.spec, Fields.context.spec, Fields.keyVersion.spec, Fields.associatedData.spec,
                      Fields.nonce.spec, Fields.reference.spec]
        return [
            Path("encrypt/{name}", fields: common + [Fields.plaintext.spec, Fields.type.spec, Fields.convergent.spec],
                 operations: [.create: encrypt, .update: encrypt], synopsis: "Encrypt with a named key.", takesArbitraryInput: true),
            Path("decrypt/{name}", fields: common + [Fields.ciphertext.spec], operations: [.create: decrypt, .update: decrypt],
                 synopsis: "Decrypt with a named key.", takesArbitraryInput: true),
            Path("rewrap/{name}", fields: common + [Fields.ciphertext.spec], operations: [.create: rewrap, .update: rewrap],
                 synopsis: "Re-encrypt with the latest key version.", takesArbitraryInput: true),
            Path("datakey/{plaintext_kind}/{name}", fields: common + [Fields.kind.spec, Fields.bits.spec],
                 operations: [.create: datakey, .update: datakey], synopsis: "Generate a data key."),
        ]
    }

    static func base64(_ text: String?) throws -> [UInt8]? {
        guard let text, !text.isEmpty else { return nil }
        return try VaultEncoding.base64Field(text)
    }

    // MARK: encrypt

    func encryptOne(_ p: KeyPolicy, plaintext: [UInt8], context: [UInt8]?, version requested: Int, ad: [UInt8]?) throws
        -> [String: JSONValue]
    {
        let n = try p.encryptionVersion(requested)
        guard let v = p.versions[n] else { throw TransitError.badRequest("requested version is not available") }
        let blob: [UInt8]
        if let asym = v.asymmetricKey {
            do { blob = try asym.encrypt(plaintext) } catch { throw TransitError.badRequest(error.message) }
        } else {
            let key = try SymmetricCipher.key(v, policy: p, context: context)
            blob = try SymmetricCipher.encrypt(plaintext, key: key, type: p.type, convergent: p.convergent, associatedData: ad)
        }
        return ["ciphertext": .string(VaultEncoding.encode(version: n, blob)), "key_version": .int(n)]
    }

    @Sendable func encrypt(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let name = try f[Fields.name]
        let batch = try Batch.items(f)
        if batch == nil, f.raw["plaintext"] == nil { throw TransitError.badRequest("missing plaintext to encrypt") }
        var policy = try await engine.policy(req, name)
        if policy == nil {
            // Encrypting to a missing key creates it, as Vault's upsert does.
            let typeName = try f[Fields.type]
            guard let type = TransitKeyType(rawValue: typeName), type.isSymmetricCipher else {
                throw TransitError.badRequest("unknown key type \(typeName)")
            }
            let convergent = try f[Fields.convergent]
            let now = engine.now()
            policy = try await engine.writes.run {
                if let existing = try await engine.policy(req, name) { return existing }
                var p = try KeyPolicy.create(name: name, type: type, now: now)
                if convergent {
                    p.derived = true
                    p.convergent = true
                }
                try await engine.cache.save(p, storage: req.storage)
                return p
            }
        }
        let p = policy!
        guard p.type.supportsEncryption else {
            throw TransitError.badRequest("key type \(p.type.rawValue) does not support encryption")
        }
        if let batch {
            return try await Batch.run(batch) { item in
                guard let plain = try Self.base64(Batch.string(item, "plaintext")) ?? (item["plaintext"] != nil ? [] : nil) else {
                    throw TransitError.badRequest("missing plaintext to encrypt")
                }
                return try encryptOne(
                    p, plaintext: plain, context: try Self.base64(Batch.string(item, "context")),
                    version: try Batch.int(item, "key_version"), ad: try Self.base64(Batch.string(item, "associated_data")))
            }
        }
        let plain = try Self.base64(try f[Fields.plaintext]) ?? []
        return .data(try encryptOne(
            p, plaintext: plain, context: try Self.base64(try f.ifPresent(Fields.context)), version: try f[Fields.keyVersion],
            ad: try Self.base64(try f.ifPresent(Fields.associatedData))))
    }

    // MARK: decrypt

    func decryptOne(_ p: KeyPolicy, ciphertext: String, context: [UInt8]?, ad: [UInt8]?) throws -> [UInt8] {
        let (n, blob) = try VaultEncoding.decode(ciphertext)
        let v = try p.decryptionVersion(n)
        if let asym = v.asymmetricKey {
            do { return try asym.decrypt(blob) } catch { throw TransitError.badRequest(error.message) }
        }
        let key = try SymmetricCipher.key(v, policy: p, context: context)
        return try SymmetricCipher.decrypt(blob, key: key, type: p.type, associatedData: ad)
    }

    @Sendable func decrypt(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let p = try await engine.existing(req, try f[Fields.name])
        guard p.type.supportsEncryption else { throw TransitError.badRequest("key type \(p.type.rawValue) does not support decryption") }
        if let batch = try Batch.items(f) {
            return try await Batch.run(batch) { item in
                guard let c = Batch.string(item, "ciphertext"), !c.isEmpty else { throw TransitError.badRequest("missing ciphertext to decrypt") }
                let plain = try decryptOne(
                    p, ciphertext: c, context: try Self.base64(Batch.string(item, "context")),
                    ad: try Self.base64(Batch.string(item, "associated_data")))
                return ["plaintext": .string(Data(plain).base64EncodedString())]
            }
        }
        guard let c = try f.ifPresent(Fields.ciphertext), !c.isEmpty else { throw TransitError.badRequest("missing ciphertext to decrypt") }
        let plain = try decryptOne(
            p, ciphertext: c, context: try Self.base64(try f.ifPresent(Fields.context)),
            ad: try Self.base64(try f.ifPresent(Fields.associatedData)))
        return .data(["plaintext": .string(Data(plain).base64EncodedString())])
    }

    // MARK: rewrap

    @Sendable func rewrap(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let p = try await engine.existing(req, try f[Fields.name])
        guard p.type.supportsEncryption else { throw TransitError.badRequest("key type \(p.type.rawValue) does not support encryption") }
        func one(_ c: String, _ context: [UInt8]?, _ version: Int, _ ad: [UInt8]?) throws -> [String: JSONValue] {
            let plain = try decryptOne(p, ciphertext: c, context: context, ad: ad)
            return try encryptOne(p, plaintext: plain, context: context, version: version, ad: ad)
        }
        if let batch = try Batch.items(f) {
            return try await Batch.run(batch) { item in
                guard let c = Batch.string(item, "ciphertext"), !c.isEmpty else { throw TransitError.badRequest("missing ciphertext to decrypt") }
                return try one(
                    c, try Self.base64(Batch.string(item, "context")), try Batch.int(item, "key_version"),
                    try Self.base64(Batch.string(item, "associated_data")))
            }
        }
        guard let c = try f.ifPresent(Fields.ciphertext), !c.isEmpty else { throw TransitError.badRequest("missing ciphertext to decrypt") }
        return .data(try one(
            c, try Self.base64(try f.ifPresent(Fields.context)), try f[Fields.keyVersion],
            try Self.base64(try f.ifPresent(Fields.associatedData))))
    }

    // MARK: datakey

    @Sendable func datakey(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let kind = try f[Fields.kind]
        guard kind == "plaintext" || kind == "wrapped" else { throw TransitError.badRequest("invalid path: expected plaintext or wrapped") }
        let bits = try f[Fields.bits]
        guard [128, 256, 512].contains(bits) else { throw TransitError.badRequest("invalid bit length") }
        let p = try await engine.existing(req, try f[Fields.name])
        guard p.type.supportsEncryption else { throw TransitError.badRequest("key type \(p.type.rawValue) does not support encryption") }
        var key = SymmetricKey(size: .init(bitCount: bits)).withUnsafeBytes { Array($0) }
        defer { for i in key.indices { key[i] = 0 } }
        var out = try encryptOne(
            p, plaintext: key, context: try Self.base64(try f.ifPresent(Fields.context)), version: try f[Fields.keyVersion],
            ad: try Self.base64(try f.ifPresent(Fields.associatedData)))
        if kind == "plaintext" { out["plaintext"] = .string(Data(key).base64EncodedString()) }
        return .data(out)
    }
}
