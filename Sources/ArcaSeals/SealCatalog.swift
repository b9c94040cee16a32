/// Auto-unseal seals: the root key is wrapped by a key held elsewhere (AWS KMS, another
/// server's transit engine). Each seal speaks its service's wire API through an
/// `OutboundHTTPClient`.
package enum SealCatalog {}

// TEMPORARY (replaced by the seals-aws branch).
import ArcaCore
import ArcaSDK
extension SealCatalog {
    package static func make(
        type: String, settings: [String: String], environment: [String: String], http: any OutboundHTTPClient
    ) throws -> any Seal {
        throw SealError.invalidConfig("seal type '\(type)' is not supported yet")
    }
}
