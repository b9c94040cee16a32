import ArcaSDK
import ArcaWire

/// Users in the mount's storage, one entry per user at `user/<lower-cased name>`.
struct UserStore: Sendable {
    let storage: any Storage
    static let prefix = "user/"

    func get(_ name: String) async throws -> UserEntry? {
        guard let doc = try await storage.getJSON(Self.prefix + name.lowercased()), case .object(let o) = doc else {
            return nil
        }
        return UserEntry(json: o)
    }

    func put(_ name: String, _ user: UserEntry) async throws {
        try await storage.putJSON(Self.prefix + name.lowercased(), user.json)
    }

    func delete(_ name: String) async throws { try await storage.delete(Self.prefix + name.lowercased()) }

    /// Usernames in order, those after `after` only, at most `limit` of them (0: all).
    func list(after: String = "", limit: Int = 0) async throws -> [String] {
        let names = try await storage.list(prefix: Self.prefix).filter { !$0.hasSuffix("/") && $0 > after }
        return limit > 0 ? Array(names.prefix(limit)) : names
    }
}
