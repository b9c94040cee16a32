import Crypto
import FoundationEssentials

/// The hash algorithms of `hash`, `hmac`, `sign` and `verify` that swift-crypto provides.
/// (`sha2-224`, `sha2-512/224`, `sha2-512/256` and `sha3-224` are refused with a clear error:
/// swift-crypto has no such digests.)
enum HashAlgorithm: String, Sendable, CaseIterable {
    case sha1
    case sha256 = "sha2-256"
    case sha384 = "sha2-384"
    case sha512 = "sha2-512"
    case sha3_256 = "sha3-256"
    case sha3_384 = "sha3-384"
    case sha3_512 = "sha3-512"

    static let unsupported: Set<String> = ["sha2-224", "sha2-512/224", "sha2-512/256", "sha3-224"]

    static func parse(_ text: String) throws -> HashAlgorithm {
        if let a = HashAlgorithm(rawValue: text) { return a }
        if unsupported.contains(text) {
            throw TransitError.badRequest("hash algorithm \(text) is not supported by this server")
        }
        throw TransitError.badRequest("unsupported algorithm \(text)")
    }

    var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256, .sha3_256: 32
        case .sha384, .sha3_384: 48
        case .sha512, .sha3_512: 64
        }
    }

    func hash(_ data: [UInt8]) -> [UInt8] { digest(of: data).withUnsafeBytes { Array($0) } }

    func digest(of data: [UInt8]) -> any Digest {
        switch self {
        case .sha1: Insecure.SHA1.hash(data: data)
        case .sha256: SHA256.hash(data: data)
        case .sha384: SHA384.hash(data: data)
        case .sha512: SHA512.hash(data: data)
        case .sha3_256: SHA3_256.hash(data: data)
        case .sha3_384: SHA3_384.hash(data: data)
        case .sha3_512: SHA3_512.hash(data: data)
        }
    }

    /// A digest value holding `bytes`, for `prehashed` input. swift-crypto makes digests only by
    /// hashing, so the bytes are loaded into the digest type's storage; the result is read back
    /// and compared, so a layout this code does not expect is an error, never a wrong signature.
    func digest(prehashed bytes: [UInt8]) throws -> any Digest {
        guard bytes.count == byteCount else {
            throw TransitError.badRequest("prehashed input must be a \(rawValue) digest of \(byteCount) bytes, got \(bytes.count)")
        }
        let d: any Digest
        switch self {
        case .sha1: d = try Self.load(bytes, as: Insecure.SHA1Digest.self)
        case .sha256: d = try Self.load(bytes, as: SHA256Digest.self)
        case .sha384: d = try Self.load(bytes, as: SHA384Digest.self)
        case .sha512: d = try Self.load(bytes, as: SHA512Digest.self)
        case .sha3_256: d = try Self.load(bytes, as: SHA3_256Digest.self)
        case .sha3_384: d = try Self.load(bytes, as: SHA3_384Digest.self)
        case .sha3_512: d = try Self.load(bytes, as: SHA3_512Digest.self)
        }
        return d
    }

    private static func load<D: Digest>(_ bytes: [UInt8], as type: D.Type) throws -> D {
        guard MemoryLayout<D>.size == bytes.count, _isPOD(D.self) else {
            throw TransitError.internalError("prehashed input is not supported for this digest by this build")
        }
        let d = bytes.withUnsafeBytes { $0.loadUnaligned(as: D.self) }
        guard d.withUnsafeBytes({ Array($0) }) == bytes else {
            throw TransitError.internalError("prehashed input is not supported for this digest by this build")
        }
        return d
    }

    func hmac(_ data: [UInt8], key: SymmetricKey) -> [UInt8] {
        switch self {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        case .sha384: Array(HMAC<SHA384>.authenticationCode(for: data, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: data, using: key))
        case .sha3_256: Array(HMAC<SHA3_256>.authenticationCode(for: data, using: key))
        case .sha3_384: Array(HMAC<SHA3_384>.authenticationCode(for: data, using: key))
        case .sha3_512: Array(HMAC<SHA3_512>.authenticationCode(for: data, using: key))
        }
    }
}
