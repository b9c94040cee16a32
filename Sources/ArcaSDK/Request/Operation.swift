/// What a request asks a backend to do, with Vault's names.
public enum Operation: String, Sendable, CaseIterable {
    case create, read, update, patch, delete, list, scan, help
    /// Internal operations the core sends to backends.
    case revoke, renew, rollback

    /// Operations a client can send over HTTP.
    public static let external: Set<Operation> = [.create, .read, .update, .patch, .delete, .list, .scan, .help]
}
