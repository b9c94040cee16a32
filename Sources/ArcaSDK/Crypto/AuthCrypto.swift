/// Small cryptographic helpers for auth methods and engines, which import only the SDK: SHA-256,
/// HMAC-SHA256, constant-time comparison, hex and random identifiers. Pure Swift, tested against
/// the published vectors; meant for identifiers and short secrets, not bulk data.
///
/// They live in one namespace so that they never clash with the core's own `ArcaCrypto` names.
public enum AuthCrypto {}
