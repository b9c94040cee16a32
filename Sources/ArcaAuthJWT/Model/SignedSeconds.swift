import ArcaSDK
import ArcaWire

/// A duration in seconds that may be negative (`-1`, `"-1"`, `"2m"`, `"-30s"`), for the leeway
/// fields where a negative value switches the leeway off.
struct SignedSeconds: FieldValue, Equatable {
    var seconds: Int

    static var zero: SignedSeconds { SignedSeconds(seconds: 0) }

    static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> SignedSeconds {
        switch raw {
        case .number(let n):
            guard let v = n.int64 else { throw FieldCoercionError("expected whole seconds") }
            return SignedSeconds(seconds: Int(v))
        case .string(let s):
            let negative = s.hasPrefix("-")
            let body = negative ? String(s.dropFirst()) : s
            guard let v = DurationParser.seconds(body) else { throw FieldCoercionError("time: invalid duration \"\(s)\"") }
            return SignedSeconds(seconds: negative ? -Int(v) : Int(v))
        default:
            throw FieldCoercionError("expected a duration")
        }
    }
}
