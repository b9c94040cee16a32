import ArcaSDK
import ArcaCrypto
import ArcaWire
import FoundationEssentials

/// The barrier's keys: every term ever installed (old ones still decrypt), and the active one.
///
/// A value: rotation makes a new keyring and the barrier swaps it in atomically.
package struct Keyring: Sendable {
    package private(set) var terms: [UInt32: KeyringTerm]
    package private(set) var activeTerm: UInt32

    /// A keyring with a single fresh term 1.
    package static func fresh(entropy: any EntropySource, now: Date) -> Keyring {
        let first = KeyringTerm(term: 1, key: SecretBytes(entropy.bytes(32)), installTime: now)
        return Keyring(terms: [1: first], activeTerm: 1)
    }

    package var active: KeyringTerm { terms[activeTerm]! }

    /// A copy with a new active term added.
    package func rotated(entropy: any EntropySource, now: Date) -> Keyring {
        var copy = self
        let next = (terms.keys.max() ?? 0) + 1
        copy.terms[next] = KeyringTerm(term: next, key: SecretBytes(entropy.bytes(32)), installTime: now)
        copy.activeTerm = next
        return copy
    }

    /// Overwrites every key in memory; the keyring is unusable afterwards.
    package func zeroize() {
        for term in terms.values { term.key.zeroize() }
    }

    // MARK: Serialisation (only ever stored encrypted under the root key)

    /// Leading bytes of the binary form; the JSON form of earlier versions starts with `{`.
    static let binaryMagic: [UInt8] = Array("AKR1".utf8)

    /// The binary form: magic, active term (u32 BE), term count (u32 BE), then per term its number
    /// (u32 BE), install time in Unix nanoseconds (i64 BE) and 32 key bytes. It holds no string, so
    /// a caller that zeroes the returned array leaves no plaintext copy of a key behind.
    package func serialized() -> [UInt8] {
        let sorted = terms.values.sorted { $0.term < $1.term }
        var out = [UInt8]()
        out.reserveCapacity(Self.binaryMagic.count + 8 + sorted.count * (12 + CellCipher.keyLength))
        out += Self.binaryMagic
        Self.append(activeTerm, to: &out)
        Self.append(UInt32(sorted.count), to: &out)
        for t in sorted {
            Self.append(t.term, to: &out)
            let nanos = (t.installTime.timeIntervalSince1970 * 1e9).rounded()
            Self.append(UInt64(bitPattern: Int64(exactly: nanos) ?? 0), to: &out)
            t.key.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        return out
    }

    package static func deserialize(_ bytes: [UInt8]) throws -> Keyring {
        if bytes.starts(with: binaryMagic) { return try deserializeBinary(bytes) }
        return try deserializeJSON(bytes)
    }

    private static func deserializeBinary(_ bytes: [UInt8]) throws -> Keyring {
        var reader = ByteReader(bytes: bytes, offset: binaryMagic.count)
        guard let active = reader.uint32(), let count = reader.uint32() else { throw BarrierError.corruptKeyring }
        var terms: [UInt32: KeyringTerm] = [:]
        for _ in 0..<count {
            guard let term = reader.uint32(), let nanos = reader.uint64(), let key = reader.secret(CellCipher.keyLength)
            else { throw BarrierError.corruptKeyring }
            let time = Date(timeIntervalSince1970: Double(Int64(bitPattern: nanos)) / 1e9)
            terms[term] = KeyringTerm(term: term, key: key, installTime: time)
        }
        guard reader.atEnd, terms[active] != nil else { throw BarrierError.corruptKeyring }
        return Keyring(terms: terms, activeTerm: active)
    }

    /// The JSON form written before the binary one (its base64 keys pass through strings, which
    /// cannot be wiped; the next rotation or rekey stores the binary form).
    private static func deserializeJSON(_ bytes: [UInt8]) throws -> Keyring {
        let doc = try JSONParser.parse(bytes)
        guard let active = doc["active_term"]?.int64Value, let items = doc["terms"]?.arrayValue,
            let activeTerm = UInt32(exactly: active)
        else {
            throw BarrierError.corruptKeyring
        }
        var terms: [UInt32: KeyringTerm] = [:]
        for item in items {
            guard let term = item["term"]?.int64Value, let t = UInt32(exactly: term), let key = item["key"]?.stringValue,
                var raw = Base64.decode(key), raw.count == 32,
                let nanos = item["install_unix_nanos"]?.int64Value
            else { throw BarrierError.corruptKeyring }
            terms[t] = KeyringTerm(
                term: t, key: SecretBytes(raw), installTime: Date(timeIntervalSince1970: Double(nanos) / 1e9))
            SecureZero.zero(&raw)
        }
        guard terms[activeTerm] != nil else { throw BarrierError.corruptKeyring }
        return Keyring(terms: terms, activeTerm: activeTerm)
    }

    private static func append(_ v: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ v: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }
}

/// Reads big-endian integers and key bytes from a serialised keyring.
private struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    var atEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n <= bytes.count - offset else { return nil }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func uint32() -> UInt32? { take(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } } }
    mutating func uint64() -> UInt64? { take(8).map { $0.reduce(0) { $0 << 8 | UInt64($1) } } }

    /// `n` bytes copied straight into a `SecretBytes`, with no intermediate array.
    mutating func secret(_ n: Int) -> SecretBytes? {
        guard let slice = take(n) else { return nil }
        return slice.withUnsafeBytes { SecretBytes(copying: $0) }
    }
}
