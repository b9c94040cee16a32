import ArcaSDK
import ArcaWire
import Crypto
import FoundationEssentials

/// `sign`, `verify` (signatures and HMACs) and `hmac`, each also with the algorithm in the path.
struct SigningPaths: Sendable {
    let engine: TransitBackend

    enum Fields {
        static let name = Field<String>("name", description: "The key's name.")
        static let input = Field<String>("input", description: "Base64 input.")
        static let context = Field<String>("context", description: "Base64 context.")
        static let keyVersion = Field<Int>("key_version", description: "Version to sign or HMAC with (0 = latest).")
        static let hash = Field<String>("hash_algorithm", default: "sha2-256", description: "Hash algorithm.")
        static let algorithm = Field<String>("algorithm", default: "sha2-256", description: "Hash algorithm (deprecated name).")
        static let urlAlgorithm = Field<String>("urlalgorithm", description: "Hash algorithm in the path.")
        static let prehashed = Field<Bool>("prehashed", description: "The input is already hashed.")
        static let signatureAlgorithm = Field<String>("signature_algorithm", default: "pss", description: "pss or pkcs1v15.")
        static let marshaling = Field<String>("marshaling_algorithm", default: "asn1", description: "asn1 or jws.")
        static let saltLength = Field<String>("salt_length", default: "auto", description: "RSA-PSS salt length.")
        static let signature = Field<String>("signature", description: "Signature to verify.")
        static let hmac = Field<String>("hmac", description: "HMAC to verify.")
        static let reference = Field<String>("reference", description: "Returned with the result.")
    }

    var paths: [Path] {
        let sign = [Fields.name.spec, Fields.input.spec, Fields.context.spec, Fields.keyVersion.spec, Fields.hash.spec,
                    Fields.algorithm.spec, Fields.urlAlgorithm.spec, Fields.prehashed.spec, Fields.signatureAlgorithm.spec,
                    Fields.marshaling.spec, Fields.saltLength.spec, Fields.reference.spec]
        let verify = sign + [Fields.signature.spec, Fields.hmac.spec]
        return [
            Path("sign/{name}", fields: sign, operations: [.create: signHandler, .update: signHandler], synopsis: "Sign input.", takesArbitraryInput: true),
            Path("sign/{name}/{urlalgorithm}", fields: sign, operations: [.create: signHandler, .update: signHandler], synopsis: "Sign input.", takesArbitraryInput: true),
            Path("verify/{name}", fields: verify, operations: [.create: verifyHandler, .update: verifyHandler], synopsis: "Verify a signature or HMAC.", takesArbitraryInput: true),
            Path("verify/{name}/{urlalgorithm}", fields: verify, operations: [.create: verifyHandler, .update: verifyHandler], synopsis: "Verify a signature or HMAC.", takesArbitraryInput: true),
            Path("hmac/{name}", fields: sign, operations: [.create: hmacHandler, .update: hmacHandler], synopsis: "HMAC input.", takesArbitraryInput: true),
            Path("hmac/{name}/{urlalgorithm}", fields: sign, operations: [.create: hmacHandler, .update: hmacHandler], synopsis: "HMAC input.", takesArbitraryInput: true),
        ]
    }

    /// The hash from the path, else `hash_algorithm`, else `algorithm`.
    func hashName(_ f: FieldData) throws -> String {
        if let v = try f.ifPresent(Fields.urlAlgorithm) { return v }
        if let v = try f.ifPresent(Fields.hash) { return v }
        return try f[Fields.algorithm]
    }

    func options(_ f: FieldData) throws -> SignatureOptions {
        SignatureOptions(
            hashAlgorithm: try HashAlgorithm.parse(try hashName(f)), signatureAlgorithm: try f[Fields.signatureAlgorithm],
            marshalingAlgorithm: try f[Fields.marshaling], prehashed: try f[Fields.prehashed], saltLength: try f[Fields.saltLength])
    }

    static func input(_ text: String?) throws -> [UInt8] {
        guard let text else { throw TransitError.badRequest("missing input") }
        return try VaultEncoding.base64Field(text)
    }

    // MARK: sign

    func signOne(_ p: KeyPolicy, _ input: [UInt8], version requested: Int, _ options: SignatureOptions) throws -> [String: JSONValue] {
        guard p.type.supportsSigning else { throw TransitError.badRequest("key type \(p.type.rawValue) does not support signing") }
        let n = try p.encryptionVersion(requested)
        guard let key = p.versions[n]?.asymmetricKey else { throw TransitError.badRequest("requested version is not available") }
        let sig: [UInt8]
        do { sig = try key.sign(input, options: options) } catch { throw TransitError.badRequest(error.message) }
        let jws = options.marshalingAlgorithm == "jws"
        return ["signature": .string(VaultEncoding.encode(version: n, sig, urlSafe: jws)), "key_version": .int(n)]
    }

    @Sendable func signHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let p = try await engine.existing(req, try f[Fields.name])
        let opts = try options(f)
        if let batch = try Batch.items(f) {
            return try await Batch.run(batch) { item in
                try signOne(p, try Self.input(Batch.string(item, "input")), version: try f[Fields.keyVersion], opts)
            }
        }
        return .data(try signOne(p, try Self.input(try f.ifPresent(Fields.input)), version: try f[Fields.keyVersion], opts))
    }

    // MARK: hmac

    func hmacOne(_ p: KeyPolicy, _ input: [UInt8], version requested: Int, algorithm: HashAlgorithm) throws -> [String: JSONValue] {
        let n = try p.encryptionVersion(requested)
        guard let v = p.versions[n] else { throw TransitError.badRequest("requested version is not available") }
        return ["hmac": .string(VaultEncoding.encode(version: n, algorithm.hmac(input, key: v.hmacKey)))]
    }

    @Sendable func hmacHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let p = try await engine.existing(req, try f[Fields.name])
        let algorithm = try HashAlgorithm.parse(try hashName(f))
        if let batch = try Batch.items(f) {
            return try await Batch.run(batch) { item in
                try hmacOne(p, try Self.input(Batch.string(item, "input")), version: try f[Fields.keyVersion], algorithm: algorithm)
            }
        }
        return .data(try hmacOne(p, try Self.input(try f.ifPresent(Fields.input)), version: try f[Fields.keyVersion], algorithm: algorithm))
    }

    // MARK: verify

    func verifyOne(_ p: KeyPolicy, input: [UInt8], signature: String?, hmac: String?, _ options: SignatureOptions) throws -> Bool {
        switch (signature, hmac) {
        case (let s?, nil):
            guard p.type.supportsSigning else { throw TransitError.badRequest("key type \(p.type.rawValue) does not support verification") }
            let (n, sig) = try VaultEncoding.decode(s, urlSafe: options.marshalingAlgorithm == "jws", what: "signature")
            guard let key = try p.decryptionVersion(n).asymmetricKey else { throw TransitError.badRequest("invalid signature") }
            do { return try key.verify(sig, input: input, options: options) } catch { throw TransitError.badRequest(error.message) }
        case (nil, let h?):
            let algorithm = options.hashAlgorithm
            let (n, mac) = try VaultEncoding.decode(h, what: "hmac")
            let v = try p.decryptionVersion(n)
            return HMACCompare.equal(algorithm.hmac(input, key: v.hmacKey), mac)
        case (nil, nil): throw TransitError.badRequest("neither a signature nor an hmac were given to verify")
        default: throw TransitError.badRequest("provide one of 'signature' or 'hmac', not both")
        }
    }

    @Sendable func verifyHandler(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let p = try await engine.existing(req, try f[Fields.name])
        let opts = try options(f)
        if let batch = try Batch.items(f) {
            return try await Batch.run(batch) { item in
                let valid = try verifyOne(
                    p, input: try Self.input(Batch.string(item, "input")), signature: Batch.string(item, "signature"),
                    hmac: Batch.string(item, "hmac"), opts)
                return ["valid": .bool(valid)]
            }
        }
        let valid = try verifyOne(
            p, input: try Self.input(try f.ifPresent(Fields.input)), signature: try f.ifPresent(Fields.signature),
            hmac: try f.ifPresent(Fields.hmac), opts)
        return .data(["valid": .bool(valid)])
    }
}

/// Constant-time comparison of two MACs.
enum HMACCompare {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
