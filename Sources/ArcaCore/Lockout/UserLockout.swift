import ArcaCrypto
import ArcaSDK
import ArcaWire
import Logging

/// User lockout (Vault's): after `threshold` failed logins of one alias on one auth mount, with
/// no more than `counterReset` between them, the alias is locked for `duration`; a locked alias's
/// logins are refused with `permission denied` before the method runs, its right password
/// included. A successful login starts the count again; `sys/locked-users/.../unlock` ends a lock.
///
/// Only auth mounts whose login names an alias take part (`LockoutAlias`), and only failures the
/// method answers with `invalidCredentials` count. The counts live in the barrier at
/// `core/login/lockout/<mount accessor>/<sha256(alias)>`, so a restart or a seal keeps them and
/// another node reads the same; the barrier's cache keeps the usual read (no record) off the
/// store. A login for a clean alias reads that one key; only failures and a success after
/// failures write.
///
/// Attempts already under way when an alias reaches its threshold are not stopped (as in Vault):
/// concurrent guesses at a clean alias can exceed the threshold by the number in flight.
package final class UserLockout: Sendable {
    static let prefix = "core/login/lockout/"

    let storage: any Storage
    let clock: any WallClock
    let defaults: UserLockoutDefaults
    let logger: Logger
    /// Serialises the read-modify-write of one alias's record.
    private let locks = KeyedLock()

    package init(storage: any Storage, clock: any WallClock, defaults: UserLockoutDefaults, logger: Logger) {
        self.storage = storage
        self.clock = clock
        self.defaults = defaults
        self.logger = logger
    }

    /// The settings a login through `entry` is judged by.
    package func settings(for entry: MountEntry) -> UserLockoutSettings {
        defaults.settings(type: entry.type, tuned: entry.tuning.userLockout)
    }

    static func key(accessor: String, alias: String) -> String {
        prefix + accessor + "/" + SHA256Digest.hex(Array(alias.utf8))
    }

    /// Runs the login `request` on `route` under lockout: refused if its alias is locked, its
    /// failure counted, the count cleared by a success.
    package func login(_ request: LogicalRequest, route: RouteTable.Route) async throws -> LogicalResponse? {
        let backend = route.backend
        guard route.entry.table == .auth else { return try await backend.handle(request) }
        let settings = settings(for: route.entry)
        guard !settings.disabled, let alias = try await backend.lockoutAlias(request) else {
            return try await backend.handle(request)
        }
        let key = Self.key(accessor: route.entry.accessor, alias: alias)
        let record = try await read(key)
        if let record, record.isLocked(at: clock.now(), settings) { throw LogicalError.permissionDenied }
        let response: LogicalResponse?
        do {
            response = try await backend.handle(request)
        } catch LogicalError.invalidCredentials(let message) {
            try await recordFailure(key: key, alias: alias, accessor: route.entry.accessor, settings)
            throw LogicalError.invalidCredentials(message)
        }
        if record != nil, response?.login != nil { try await clear(key) }
        return response
    }

    func read(_ key: String) async throws -> LockoutRecord? {
        guard let json = try await storage.getJSON(key) else { return nil }
        return LockoutRecord(json: json)
    }

    private func recordFailure(key: String, alias: String, accessor: String, _ settings: UserLockoutSettings) async throws {
        try await locks.withLock(key) {
            let now = clock.now()
            let count = try await read(key)?.failuresCounting(at: now, settings) ?? 0
            let (next, overflow) = count.addingReportingOverflow(1)
            let record = LockoutRecord(alias: alias, failures: overflow ? .max : next, lastFailure: LockoutRecord.milliseconds(now))
            try await storage.putJSON(key, record.json)
            // The alias itself stays out of the log: an AppRole alias is the role id.
            if record.failures == settings.threshold {
                logger.notice("user locked out after failed logins", metadata: ["mount_accessor": "\(accessor)"])
            }
        }
    }

    private func clear(_ key: String) async throws {
        try await locks.withLock(key) { try await storage.delete(key) }
    }

    /// Ends the lock (and the count) of `alias` on the mount with `accessor`; nothing if none.
    package func unlock(accessor: String, alias: String) async throws {
        try await clear(Self.key(accessor: accessor, alias: alias))
    }

    /// The aliases locked now on the auth mount `entry`, sorted.
    package func lockedAliases(on entry: MountEntry) async throws -> [String] {
        let settings = settings(for: entry)
        if settings.disabled { return [] }
        let now = clock.now()
        let folder = Self.prefix + entry.accessor + "/"
        var aliases: [String] = []
        for name in try await storage.list(prefix: folder) where !name.hasSuffix("/") {
            if let record = try await read(folder + name), record.isLocked(at: now, settings) { aliases.append(record.alias) }
        }
        return aliases.sorted()
    }
}
