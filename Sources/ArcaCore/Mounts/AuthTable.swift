import ArcaCrypto
import ArcaSDK
import ArcaWire

/// The auth table: the mounted auth methods, persisted in the barrier at `core/auth` as a list of
/// `MountEntry` values with `table == .auth`.
///
/// Entry paths are relative to `auth/` (`token/`), as `sys/auth` lists them; an entry is routed at
/// `auth/<path>` and keeps its data under `auth/<uuid>/`. The token store is an entry like any
/// other (its own accessor and uuid, tunable), served by the core's built-in token backend; it
/// cannot be disabled. The first load after initialisation creates and stores it.
package struct AuthTable: Sendable {
    static let storagePath = "core/auth"
    /// Auth method types the core serves itself (their routes come from `MountManager`'s builtins).
    static let builtinTypes: Set = ["token"]

    package private(set) var entries: [MountEntry]

    package static let empty = AuthTable(entries: [])

    init(entries: [MountEntry]) { self.entries = entries }

    /// A new token store entry: random accessor and uuid, Vault's description.
    static func tokenEntry(entropy: any EntropySource) -> MountEntry {
        var entry = MountEntry(
            path: "token/", type: "token", description: "token based credentials",
            accessor: "auth_token_\(Hex.encode(entropy.bytes(4)))", uuid: UUIDString.random(entropy))
        entry.table = .auth
        return entry
    }

    /// Reads the table, adding the token store's entry (and storing it) when it is missing.
    static func load(from barrier: Barrier, entropy: any EntropySource) async throws -> AuthTable {
        var table = AuthTable.empty
        if let doc = try await barrier.getJSON(storagePath), let items = doc.arrayValue {
            table.entries = try items.map(MountEntry.init(json:))
        }
        if !table.entries.contains(where: { $0.type == "token" }) {
            table.entries.insert(tokenEntry(entropy: entropy), at: 0)
            try await table.save(to: barrier)
        }
        return table
    }

    func save(to barrier: Barrier) async throws {
        try await barrier.putJSON(Self.storagePath, .array(entries.map(\.json)))
    }

    /// The entry at `path` (relative to `auth/`, with its trailing slash).
    package func entry(at path: String) -> MountEntry? { entries.first { $0.path == path } }

    /// The table with `entry` replacing the one at the same path.
    func replacing(_ entry: MountEntry) -> AuthTable {
        AuthTable(entries: entries.map { $0.path == entry.path ? entry : $0 })
    }

    /// `entry` as the route table holds it: the full path, `auth/<path>`.
    static func routed(_ entry: MountEntry) -> MountEntry {
        var copy = entry
        copy.path = "auth/" + entry.path
        return copy
    }

    /// A built-in route (the token backend) given the current entry for its type, so the request
    /// path sees the tuned settings, accessor and uuid.
    func bind(_ route: RouteTable.Route) -> RouteTable.Route {
        guard route.entry.path.hasPrefix("auth/"),
            let entry = entries.first(where: { Self.routed($0).path == route.entry.path })
        else { return route }
        return RouteTable.Route(entry: Self.routed(entry), backend: route.backend)
    }
}
