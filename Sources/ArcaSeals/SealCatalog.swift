/// Auto-unseal seals: the root key is wrapped by a key held elsewhere (AWS KMS, another
/// server's transit engine). Each seal speaks its service's wire API through an
/// `OutboundHTTPClient`.
package enum SealCatalog {}
