import ArcaSDK
import ArcaWire
import Crypto
import FoundationEssentials

/// One version of a named key: its material, decoded once, and the HMAC key every version has.
struct KeyVersion: Sendable {
    enum Material: Sendable {
        case symmetric(SymmetricKey)
        case asymmetric(AsymmetricKey)
        /// An `hmac` key: the HMAC key is the material.
        case hmacOnly
    }

    var material: Material
    var hmacKey: SymmetricKey
    var creationTime: Date

    var symmetricBytes: [UInt8]? {
        guard case .symmetric(let k) = material else { return nil }
        return k.withUnsafeBytes { Array($0) }
    }

    var asymmetricKey: AsymmetricKey? {
        guard case .asymmetric(let k) = material else { return nil }
        return k
    }

    var hmacBytes: [UInt8] { hmacKey.withUnsafeBytes { Array($0) } }

    static func generate(_ type: TransitKeyType, hmacKeySize: Int, now: Date) throws -> KeyVersion {
        let hmacKey = SymmetricKey(size: .init(bitCount: hmacKeySize * 8))
        if let asym = type.asymmetric {
            do {
                return KeyVersion(material: .asymmetric(try AsymmetricKey.generate(asym)), hmacKey: hmacKey, creationTime: now)
            } catch {
                throw TransitError.internalError(error.message)
            }
        }
        if type == .hmac { return KeyVersion(material: .hmacOnly, hmacKey: hmacKey, creationTime: now) }
        return KeyVersion(
            material: .symmetric(SymmetricKey(size: .init(bitCount: type.symmetricKeySize * 8))), hmacKey: hmacKey,
            creationTime: now)
    }

    // MARK: Storage form

    func storageJSON(_ type: TransitKeyType) -> JSONValue {
        var o: [String: JSONValue] = [
            "hmac_key": .string(Data(hmacBytes).base64EncodedString()),
            // Saturating: a restored backup may carry any creation time.
            "creation_ns": .int(Int(saturating: creationTime.timeIntervalSince1970 * 1e9)),
        ]
        switch material {
        case .symmetric: o["key"] = .string(Data(symmetricBytes!).base64EncodedString())
        case .asymmetric(let k): o["key"] = .string(Data(k.storedForm).base64EncodedString())
        case .hmacOnly: break
        }
        return .object(o)
    }

    init(material: Material, hmacKey: SymmetricKey, creationTime: Date) {
        self.material = material
        self.hmacKey = hmacKey
        self.creationTime = creationTime
    }

    init(storage doc: JSONValue, type: TransitKeyType) throws {
        guard let hmac = doc["hmac_key"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
            throw TransitError.internalError("stored key version is corrupt")
        }
        hmacKey = SymmetricKey(data: hmac)
        creationTime = Date(timeIntervalSince1970: Double(doc["creation_ns"]?.int64Value ?? 0) / 1e9)
        let raw = doc["key"]?.stringValue.flatMap { Data(base64Encoded: $0) }
        if let asym = type.asymmetric {
            guard let raw else { throw TransitError.internalError("stored key version is corrupt") }
            do {
                material = .asymmetric(try AsymmetricKey(type: asym, storedForm: Array(raw)))
            } catch {
                throw TransitError.internalError(error.message)
            }
        } else if type == .hmac {
            material = .hmacOnly
        } else {
            guard let raw else { throw TransitError.internalError("stored key version is corrupt") }
            material = .symmetric(SymmetricKey(data: raw))
        }
    }
}
