import ArcaCore
import ArcaSDK
import FoundationEssentials

/// Auto-unseal seals: the root key is wrapped by a key held elsewhere (AWS KMS, another
/// server's transit engine). Each seal speaks its service's wire API through an
/// `OutboundHTTPClient`.
package enum SealCatalog {
    /// The seal for a `seal "TYPE" { ... }` stanza (not Shamir, which the core builds itself).
    package static func make(
        type: String, settings: [String: String], environment: [String: String], http: any OutboundHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> any Seal {
        switch type {
        case AWSKMSSeal.typeName:
            return try AWSKMSSeal(settings: settings, environment: environment, http: http, now: now)
        case TransitSeal.typeName:
            return try TransitSeal(settings: settings, environment: environment, http: http)
        default:
            throw AutoSealError("unknown seal type '\(type)' (supported: shamir, awskms, transit)")
        }
    }
}
