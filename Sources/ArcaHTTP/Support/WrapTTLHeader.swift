import ArcaSDK

/// `X-Vault-Wrap-TTL`: whole seconds or a Go duration (`5m`); absent or 0 means no wrapping.
enum WrapTTLHeader {
    static func seconds(_ header: String?) throws -> Int {
        guard let raw = header?.trimmingCharacters(), !raw.isEmpty else { return 0 }
        if let n = Int(raw) {
            guard n >= 0 else { throw invalid(raw) }
            return n
        }
        guard let seconds = DurationParser.seconds(raw), seconds >= 0, seconds <= Int64(Int32.max) else { throw invalid(raw) }
        return Int(seconds)
    }

    static func invalid(_ raw: String) -> LogicalError {
        .invalidRequest("error parsing X-Vault-Wrap-TTL header: time: invalid duration \"\(raw)\"")
    }
}
