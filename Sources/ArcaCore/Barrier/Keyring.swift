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

    package func serialized() -> [UInt8] {
        let items: [JSONValue] = terms.values.sorted { $0.term < $1.term }.map { t in
            t.key.withUnsafeBytes { raw in
                [
                    "term": .int(Int(t.term)),
                    "key": .string(Base64.encode(Array(raw))),
                    "install_time": .string(t.installTime.rfc3339Nano),
                    "install_unix_nanos": .number(JSONNumber(Int64(t.installTime.timeIntervalSince1970 * 1e9))),
                ]
            }
        }
        return JSONWriter.encode(["active_term": .int(Int(activeTerm)), "terms": .array(items)])
    }

    package static func deserialize(_ bytes: [UInt8]) throws -> Keyring {
        let doc = try JSONParser.parse(bytes)
        guard let active = doc["active_term"]?.int64Value, let items = doc["terms"]?.arrayValue else {
            throw BarrierError.corruptKeyring
        }
        var terms: [UInt32: KeyringTerm] = [:]
        for item in items {
            guard let term = item["term"]?.int64Value, let key = item["key"]?.stringValue,
                let raw = Base64.decode(key), raw.count == 32,
                let nanos = item["install_unix_nanos"]?.int64Value
            else { throw BarrierError.corruptKeyring }
            let t = UInt32(term)
            terms[t] = KeyringTerm(
                term: t, key: SecretBytes(raw), installTime: Date(timeIntervalSince1970: Double(nanos) / 1e9))
        }
        guard terms[UInt32(active)] != nil else { throw BarrierError.corruptKeyring }
        return Keyring(terms: terms, activeTerm: UInt32(active))
    }
}
