public import ArcaSDK
public import FoundationEssentials

/// The `approle` auth method: machines log in with a role id and (usually) a secret id and get
/// a token carrying the role's `token_*` settings.
public enum AppRoleAuth {
    /// The backend for one mount.
    /// - Parameter now: the clock secret-id expiry is measured with.
    public static func make(now: @escaping @Sendable () -> Date = { Date() }) -> any Backend {
        AppRoleBackend(now: now).router
    }
}
