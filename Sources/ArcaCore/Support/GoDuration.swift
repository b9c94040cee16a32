import ArcaSDK

/// Reads durations the way Vault's tune endpoints do, with the error texts Go gives (clients and
/// the CLI show them verbatim): a whole number is seconds (`"90"`, `"-5"`), `<whole>d` is days,
/// anything else is a Go duration (`1h30m`, `1.5h`, `-1h0m0s`, `500ms`) truncated to seconds.
/// No spaces are trimmed, as in Vault. The SDK's `DurationParser.vaultSeconds` does the reading,
/// so the result is within ±`DurationParser.maxSeconds` and a larger value is OpenBao's overflow error.
package enum GoDuration {
    package struct ParseError: Error, Equatable {
        package let message: String
        package init(message: String) { self.message = message }
    }

    package static func seconds(_ text: String) throws(ParseError) -> Int {
        do {
            return Int(try DurationParser.vaultSeconds(text))
        } catch {
            throw ParseError(message: error.message)
        }
    }

    /// Go's `%q` for the plain text these messages quote.
    static func quote(_ s: String) -> String { GoDurationSyntax.quote(s) }
}
