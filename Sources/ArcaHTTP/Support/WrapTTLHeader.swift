import ArcaSDK

/// `X-Vault-Wrap-TTL`: whole seconds, `<n>d` or a Go duration (`5m`), read as Vault reads any
/// duration (`DurationParser.vaultNanoseconds`, so never past about 292 years); absent, empty or
/// under a second means no wrapping. A negative value is refused.
enum WrapTTLHeader {
    static func seconds(_ header: String?) throws -> Int {
        guard let raw = header?.trimmingCharacters(), !raw.isEmpty else { return 0 }
        let nanoseconds: Int64
        do {
            nanoseconds = try DurationParser.vaultNanoseconds(raw)
        } catch {
            throw invalid(error.message)
        }
        guard nanoseconds >= 0 else { throw invalid("requested wrap ttl cannot be negative") }
        return Int(nanoseconds / 1_000_000_000)
    }

    static func invalid(_ reason: String) -> LogicalError {
        .invalidRequest("error parsing X-Vault-Wrap-TTL header: \(reason)")
    }
}
