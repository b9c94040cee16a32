public import ArcaSDK

/// The `userpass` auth method: users with bcrypt-hashed passwords log in with
/// `auth/<mount>/login/<username>` and get a token carrying the user's `token_*` settings.
public enum UserpassAuth {
    /// The backend for one mount.
    /// - Parameter cost: bcrypt cost for new password hashes (Vault uses 10).
    public static func make(cost: Int = Bcrypt.defaultCost) -> any Backend {
        UserpassBackend(cost: cost).router
    }
}
