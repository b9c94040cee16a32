public import ArcaSDK
public import FoundationEssentials

/// The key/value secrets engine, versions 1 and 2 (`options.version`), as Vault's `kv`.
public enum KVEngine {
    /// The backend for a mount: KV v2 when `version` is `"2"`, else KV v1.
    public static func make(version: String, now: @escaping @Sendable () -> Date) -> any Backend {
        version == "2" ? KVv2Backend(now: now).router : KVv1Backend().router
    }
}
