import ArcaSDK
import ArcaWire

/// A duration in seconds that may be negative (`-1`, `"-1"`, `"2m"`, `"-30s"`), for the leeway
/// fields where a negative value switches the leeway off. Read as the SDK reads every signed
/// duration, so it stays within ±`DurationParser.maxSeconds`.
struct SignedSeconds: FieldValue, Equatable {
    var seconds: Int

    static var zero: SignedSeconds { SignedSeconds(seconds: 0) }

    static func coerce(_ raw: JSONValue, as type: FieldType) throws(FieldCoercionError) -> SignedSeconds {
        SignedSeconds(seconds: try Int.coerce(raw, as: .signedDurationSeconds))
    }
}
