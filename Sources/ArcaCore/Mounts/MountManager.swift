import ArcaCrypto
import ArcaSDK
import ArcaWire
import Synchronization

/// Makes the backend for a mount entry; the composition root supplies it so that the core never
/// imports an engine.
package typealias BackendFactory = @Sendable (MountEntry) -> (any Backend)?

/// Owns the mount table: persists it in the barrier (`core/mounts`), and publishes an immutable
/// `RouteTable` for the request path. Mutations are serialised by the actor; reads never wait.
package actor MountManager {
    static let tablePath = "core/mounts"
    /// Mount points the core owns; users cannot mount, unmount or remount them.
    static let reserved = ["sys/", "auth/", "cubbyhole/", "identity/"]

    let barrier: Barrier
    let factory: BackendFactory
    /// The core's own routes (sys/, auth/token/), which are always mounted.
    private let builtins: @Sendable (MountManager) -> [RouteTable.Route]
    let entropy: any EntropySource
    private nonisolated let published = Mutex(RouteTable.empty)
    private var entries: [MountEntry] = []
    /// The auth methods (`core/auth`); see `MountManager+Auth.swift`.
    var auth = AuthTable.empty
    /// What a mount's zero TTLs stand for.
    package nonisolated let systemTTLs: SystemLeaseTTLs
    /// Finished moves by migration id, for `sys/remount/status` (moves are immediate here).
    private var migrations: [String: (source: String, target: String)] = [:]

    package init(barrier: Barrier, factory: @escaping BackendFactory, entropy: any EntropySource,
                 systemTTLs: SystemLeaseTTLs = .standard,
                 builtins: @escaping @Sendable (MountManager) -> [RouteTable.Route]) {
        self.barrier = barrier
        self.systemTTLs = systemTTLs
        self.factory = factory
        self.entropy = entropy
        self.builtins = builtins
    }

    /// The current routes; lock-free for readers apart from the snapshot swap.
    package nonisolated var table: RouteTable { published.withLock { $0 } }

    package func list() -> [MountEntry] { entries }

    /// Loads the table after unseal.
    package func load() async throws {
        if let doc = try await barrier.getJSON(Self.tablePath), let items = doc.arrayValue {
            entries = try items.map(MountEntry.init(json:))
        } else {
            entries = []
        }
        if !entries.contains(where: { $0.type == "cubbyhole" }) {
            // Every core has a cubbyhole; it is created once and never unmounted.
            var cubbyhole = MountEntry(
                path: "cubbyhole/", type: "cubbyhole", description: "per-token private secret storage",
                accessor: "cubbyhole_\(Hex.encode(entropy.bytes(4)))", uuid: UUIDString.random(entropy))
            cubbyhole.local = true
            entries = [cubbyhole] + entries
            try await barrier.putJSON(Self.tablePath, .array(entries.map(\.json)))
        }
        auth = try await AuthTable.load(from: barrier, entropy: entropy)
        publish()
    }

    /// The cubbyhole mount's storage prefix, when mounted.
    package nonisolated var cubbyholePrefix: String? {
        table.routes.first(where: { $0.entry.type == "cubbyhole" })?.entry.storagePrefix
    }

    /// Drops every route (on seal).
    package func unload() async {
        let routes = table.routes
        entries = []
        auth = .empty
        published.withLock { $0 = .empty }
        for route in routes { await route.backend.cleanup() }
    }

    /// Asks every mounted backend to drop its caches (the server has gone quiet).
    package nonisolated func releaseCaches() {
        for route in table.routes { route.backend.releaseCaches() }
    }

    func publish() {
        var routes = builtins(self).map(auth.bind)
        for entry in entries {
            // A mount keeps its backend instance (and what it holds, such as pools) across table
            // changes; only new mounts get a new one.
            let existing = table.routes.first(where: {
                $0.entry.uuid == entry.uuid && $0.entry.type == entry.type && $0.entry.options == entry.options
            })?.backend
            if let backend = existing ?? factory(entry) { routes.append(.init(entry: entry, backend: backend)) }
        }
        // Auth methods other than the built-in token store, routed at `auth/<path>`.
        for entry in auth.entries where !AuthTable.builtinTypes.contains(entry.type) {
            let routed = AuthTable.routed(entry)
            let existing = table.routes.first(where: {
                $0.entry.uuid == entry.uuid && $0.entry.type == entry.type && $0.entry.options == entry.options
            })?.backend
            if let backend = existing ?? factory(entry) { routes.append(.init(entry: routed, backend: backend)) }
        }
        let table = RouteTable(routes)
        published.withLock { $0 = table }
    }

    static let systemEntry = {
        var entry = MountEntry(
            path: "sys/", type: "system", description: "system endpoints used for control, policy and debugging",
            accessor: "system_0", uuid: "system")
        entry.tuning.passthroughRequestHeaders = ["Accept"]
        return entry
    }()
    /// Where the built-in token backend is routed; `publish()` puts the auth table's entry
    /// (accessor, uuid, tuned settings) in its place.
    static let tokenEntry = MountEntry(
        path: "auth/token/", type: "token", description: "token based credentials", accessor: "auth_token_0",
        uuid: "token")

    private func persist(_ candidate: [MountEntry]) async throws {
        try await barrier.putJSON(Self.tablePath, .array(candidate.map(\.json)))
        entries = candidate
        publish()
    }

    static func normalise(_ path: String) -> String {
        var p = path
        while p.hasPrefix("/") { p.removeFirst() }
        if !p.hasSuffix("/") { p += "/" }
        return p
    }

    /// Mounts a new backend at `path`.
    package func enable(path rawPath: String, type: String, description: String, options: [String: String],
                        defaultLeaseTTL: Int, maxLeaseTTL: Int) async throws {
        let path = Self.normalise(rawPath)
        guard path != "/" else { throw LogicalError.invalidRequest("mount path cannot be empty") }
        if Self.reserved.contains(where: { path.hasPrefix($0) }) {
            throw LogicalError.invalidRequest("cannot mount at reserved path \"\(path)\"")
        }
        if let clash = entries.first(where: { path.hasPrefix($0.path) || $0.path.hasPrefix(path) }) {
            throw LogicalError.invalidRequest("path is already in use at \(clash.path)")
        }
        var entry = MountEntry(
            path: path, type: type, description: description,
            accessor: "\(type)_\(Hex.encode(entropy.bytes(4)))", uuid: UUIDString.random(entropy))
        entry.options = options
        entry.defaultLeaseTTL = defaultLeaseTTL
        entry.maxLeaseTTL = maxLeaseTTL
        guard factory(entry) != nil else {
            throw LogicalError.invalidRequest("plugin not found in the catalog: \(type)")
        }
        try await persist(entries + [entry])
    }

    /// Unmounts `path` and deletes everything the mount stored.
    package func disable(path rawPath: String) async throws {
        let path = Self.normalise(rawPath)
        if Self.reserved.contains(where: { path.hasPrefix($0) }) {
            throw LogicalError.invalidRequest("cannot unmount \"\(path)\"")
        }
        guard let entry = entries.first(where: { $0.path == path }) else { return }
        let backend = table.routes.first(where: { $0.entry.path == path })?.backend
        try await persist(entries.filter { $0.path != path })
        await backend?.cleanup()
        try await StorageTree.delete(barrier, prefix: entry.storagePrefix)
    }

    /// Changes a mount's settings (`sys/mounts/<path>/tune`).
    package func tune(path rawPath: String, _ change: (inout MountEntry) throws -> Void) async throws {
        let path = Self.normalise(rawPath)
        guard let i = entries.firstIndex(where: { $0.path == path }) else {
            throw LogicalError.invalidRequest("tune of path \"\(path)\" failed: no mount entry found")
        }
        var copy = entries
        try change(&copy[i])
        try await persist(copy)
    }

    /// A finished move, by the id `remount` returned.
    package func migration(_ id: String) -> (source: String, target: String)? { migrations[id] }

    /// Moves a mount; its data moves with it since storage is keyed by uuid, not path.
    /// Returns the migration id clients poll (the move is already complete when it returns).
    @discardableResult
    package func remount(from: String, to: String) async throws -> String {
        let source = Self.normalise(from), target = Self.normalise(to)
        if Self.reserved.contains(where: { source.hasPrefix($0) }) {
            throw LogicalError.invalidRequest("cannot remount \"\(source)\"")
        }
        guard let i = entries.firstIndex(where: { $0.path == source }) else {
            throw LogicalError.invalidRequest("no mount at \(source)")
        }
        if Self.reserved.contains(where: { target.hasPrefix($0) }) {
            throw LogicalError.invalidRequest("cannot remount to reserved path \"\(target)\"")
        }
        if entries.contains(where: { $0.path != source && (target.hasPrefix($0.path) || $0.path.hasPrefix(target)) }) {
            throw LogicalError.invalidRequest("path already in use at \(target)")
        }
        var copy = entries
        copy[i].path = target
        try await persist(copy)
        let id = UUIDString.random(entropy)
        migrations[id] = (source, target)
        return id
    }
}
