import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Synchronization

/// Issues, resolves, renews and revokes tokens. Token ids never reach storage: entries are keyed
/// by HMAC-SHA256(salt, id), the salt itself stored inside the barrier. Children are indexed under
/// their parent so that revoking a parent revokes the whole tree.
package final class TokenStore: Sendable {
    static let saltPath = "sys/token/salt"
    static let idPrefix = "sys/token/id/"
    static let accessorPrefix = "sys/token/accessor/"
    static let parentPrefix = "sys/token/parent/"
    /// Service-token prefix, as OpenBao prints them.
    static let servicePrefix = "s."
    /// 33 base62 characters: about 196 bits of randomness.
    static let randomLength = 33
    /// An accessor's random part: 24 base62 characters.
    static let accessorRandomLength = 24

    let storage: any Storage
    private let entropy: any EntropySource
    let clock: any WallClock
    /// The salt, prepared for HMAC (its padded blocks absorbed): ids are hashed on every request.
    private let salt = Mutex<AuthCrypto.HMACSHA256.Key?>(nil)
    /// Held while a token's entry is changed: its revocation (its expiry and its parent's run one
    /// after the other), a use counted, a renewal, its parent link dropped. Every read-modify-write
    /// re-reads the entry under it, so none can write back an entry a revocation just deleted.
    /// Taken parent before child, never the reverse, and never twice by one task.
    private let revokeLocks = KeyedLock()
    /// Told about stores, renewals and revocations (leases, cubbyholes); set once by the core.
    private let observer = Mutex<(any TokenObserver)?>(nil)

    /// Entries already parsed, so a request does not parse its token's JSON again.
    private let decoded = DecodedCache<TokenEntry>(limit: 1024)

    /// Seals batch tokens; `nil` where batch tokens are not offered.
    private let batch: BatchTokenCodec?

    package init(storage: any Storage, entropy: any EntropySource, clock: any WallClock, batch: BatchTokenCodec? = nil) {
        self.storage = storage
        self.batch = batch
        self.entropy = entropy
        self.clock = clock
    }

    /// Sets the observer told about each token's life (the core does this once, at start).
    package func observe(with observer: any TokenObserver) { self.observer.withLock { $0 = observer } }

    private var currentObserver: (any TokenObserver)? { observer.withLock { $0 } }

    var now: Int64 { Int64(clock.now().timeIntervalSince1970) }

    /// Loads (or creates, on first unseal) the hashing salt.
    package func load() async throws {
        let value: [UInt8]
        if let entry = try await storage.get(Self.saltPath) {
            value = entry.value
        } else {
            value = entropy.bytes(32)
            try await storage.put(StorageEntry(key: Self.saltPath, value: value))
        }
        let key = AuthCrypto.HMACSHA256.Key(value)
        salt.withLock { old in
            old?.zeroize()
            old = key
        }
    }

    /// Drops the decoded entries kept for lookups (the server has gone quiet).
    package func dropDecoded() { decoded.removeAll() }

    /// Drops the salt from memory (on seal).
    package func unload() {
        decoded.removeAll()
        salt.withLock { old in
            old?.zeroize()
            old = nil
        }
    }

    package func hash(_ id: String) throws -> String {
        guard let key = salt.withLock({ $0 }) else { throw BarrierError.sealed }
        return key.hex(id.utf8)
    }

    /// A new random token id with the service prefix.
    /// A new service token id: `s.`, the time stamp (`TimeOrderedKey`), then random characters.
    package func generateID() -> String {
        Self.servicePrefix + issueStamp + Base62.random(Self.randomLength, entropy: entropy)
    }

    /// A new accessor: the time stamp, then random characters.
    func generateAccessor() -> String { issueStamp + Base62.random(Self.accessorRandomLength, entropy: entropy) }

    /// The time stamp of a token issued now.
    private var issueStamp: String { TimeOrderedKey.stamp(seconds: clock.now().timeIntervalSince1970) }

    /// The storage key part for a token id: its time stamp, if it has one, before its HMAC.
    package func idKey(_ id: String) throws -> String {
        let body = id.hasPrefix(Self.servicePrefix) ? id.dropFirst(Self.servicePrefix.count) : ""
        return String(TimeOrderedKey.stamp(of: body, randomLength: Self.randomLength)) + (try hash(id))
    }

    /// The storage key part for an accessor: its time stamp, if it has one, before its HMAC.
    func accessorKey(_ accessor: String) throws -> String {
        String(TimeOrderedKey.stamp(of: Substring(accessor), randomLength: Self.accessorRandomLength)) + (try hash(accessor))
    }

    /// Creates a root token, with `id` when given (dev mode's `-dev-root-token-id`).
    package func createRoot(id requested: String? = nil) async throws -> String {
        let entry = TokenEntry(
            accessor: "", policies: ["root"], path: "auth/token/root", displayName: "root", creationTime: now)
        return try await store(entry, id: requested).id
    }

    /// Stores a new token. The id is generated unless given; returns it with the stored entry.
    package func store(_ template: TokenEntry, id requested: String? = nil) async throws -> (id: String, entry: TokenEntry) {
        let id = requested ?? generateID()
        var entry = template
        entry.idHash = try idKey(id)
        if entry.accessor.isEmpty { entry.accessor = generateAccessor() }
        // A generated id has about 196 random bits: only a requested one can collide.
        if requested != nil, try await storage.get(Self.idPrefix + entry.idHash) != nil {
            throw LogicalError.invalidRequest("cannot create a token with a duplicate ID")
        }
        // The entry, its accessor, its parent link and its lease land in one commit.
        var writes: [StorageWrite] = [
            .put(StorageEntry(key: Self.idPrefix + entry.idHash, value: JSONWriter.encode(entry.json))),
            // Accessors are references, not secrets: kept in the entry so sudo holders can list them.
            .put(StorageEntry(
                key: Self.accessorPrefix + (try accessorKey(entry.accessor)),
                value: JSONWriter.encode(["id_hash": .string(entry.idHash), "accessor": .string(entry.accessor)]))),
        ]
        if !entry.parentHash.isEmpty {
            writes.append(.put(StorageEntry(key: "\(Self.parentPrefix)\(entry.parentHash)/\(entry.idHash)", value: [])))
        }
        let observer = currentObserver
        writes += try observer?.writes(forNewToken: entry) ?? []
        try await storage.apply(writes)
        try await observer?.tokenStored(entry)
        return (id, entry)
    }

    /// Resolves a token id to its entry; `nil` for unknown or expired tokens.
    /// `includingSpent` also finds a token whose last use the current request is spending.
    package func lookup(_ id: String, includingSpent: Bool = false) async throws -> TokenEntry? {
        if id.hasPrefix(BatchTokenCodec.prefix) { return try await lookupBatch(id) }
        guard !id.isEmpty, id.utf8.count <= 512 else { return nil }
        return try await lookup(hash: try idKey(id), includingSpent: includingSpent)
    }

    package func lookup(hash: String, includingSpent: Bool = false) async throws -> TokenEntry? {
        guard let entry = try await rawEntry(hash: hash) else { return nil }
        // A token whose last use is spent is being revoked: it no longer authenticates.
        if entry.numUses < 0 && !includingSpent { return nil }
        if entry.isExpired(at: now) {
            // An expired token is gone: revoke it (and its children) on sight.
            try await revoke(hash: hash)
            return nil
        }
        return entry
    }

    /// Issues a batch token: nothing is stored; the id carries the sealed entry.
    package func issueBatch(_ template: TokenEntry) throws -> (id: String, entry: TokenEntry) {
        guard let batch else { throw LogicalError.invalidRequest("batch tokens are not supported") }
        var entry = template
        entry.type = "batch"
        entry.accessor = ""
        entry.renewable = false
        entry.numUses = 0
        let id = try batch.encode(entry)
        entry.idHash = try hash(id)
        return (id, entry)
    }

    /// A batch token is valid while unexpired and while its parent (if any) is.
    private func lookupBatch(_ id: String) async throws -> TokenEntry? {
        guard var entry = batch?.decode(id), entry.type == "batch", !entry.isExpired(at: now) else { return nil }
        if !entry.parentHash.isEmpty, try await lookup(hash: entry.parentHash) == nil { return nil }
        entry.idHash = try hash(id)
        return entry
    }

    /// The stored entry as it is, expired or not (for the expiration manager and tidy).
    package func rawEntry(hash: String) async throws -> TokenEntry? {
        guard let stored = try await storage.get(Self.idPrefix + hash) else {
            decoded.remove(hash)
            return nil
        }
        if let entry = decoded.value(hash, storedAs: stored.value) { return entry }
        let entry = try TokenEntry(json: JSONParser.parse(stored.value))
        decoded.insert(hash, bytes: stored.value, value: entry)
        return entry
    }

    package func lookup(accessor: String) async throws -> TokenEntry? {
        guard !accessor.isEmpty, let doc = try await storage.getJSON(Self.accessorPrefix + (try accessorKey(accessor))),
            let idHash = doc["id_hash"]?.stringValue
        else { return nil }
        return try await lookup(hash: idHash)
    }

    /// The outcome of counting one use of a token.
    package enum UseOutcome: Sendable, Equatable {
        /// The token has no use limit, or uses remain after this one.
        case allowed
        /// This was the last use: serve the request, then revoke the token.
        case lastUse
        /// No use was left (revoked meanwhile).
        case exhausted
    }

    /// Counts one use of a token with a use limit. The last use marks the token spent (-1) before
    /// the request runs, so a concurrent request cannot use it too; the caller revokes it afterwards.
    package func use(_ entry: TokenEntry) async throws -> UseOutcome {
        guard entry.numUses > 0 else { return .allowed }
        let hash = entry.idHash
        let outcome: UseOutcome? = try await revokeLocks.withLock(hash) { [self] in
            guard var current = try await rawEntry(hash: hash), current.numUses >= 0 else { return .exhausted }
            if current.isExpired(at: now) { return nil }
            if current.numUses == 0 { return .allowed }
            let last = current.numUses == 1
            current.numUses = last ? -1 : current.numUses - 1
            try await storage.putJSON(Self.idPrefix + current.idHash, current.json)
            return last ? .lastUse : .allowed
        }
        guard let outcome else {
            // Expired meanwhile: revoked here, outside the lock that revocation takes.
            try await revoke(hash: hash)
            return .exhausted
        }
        return outcome
    }

    /// Revokes the token and, unless `orphanChildren`, every descendant. Returns whether the
    /// token's entry existed.
    @discardableResult
    package func revoke(hash: String, orphanChildren: Bool = false) async throws -> Bool {
        try await revokeLocks.withLock(hash) { [self] in try await revokeLocked(hash: hash, orphanChildren: orphanChildren) }
    }

    private func revokeLocked(hash: String, orphanChildren: Bool) async throws -> Bool {
        let childPrefix = "\(Self.parentPrefix)\(hash)/"
        for child in try await storage.list(prefix: childPrefix) {
            if orphanChildren {
                try await revokeLocks.withLock(child) { [self] in try await dropParent(child: child, link: childPrefix + child) }
                continue
            }
            // The child's commit deletes its link under this parent.
            if try await revoke(hash: child) { continue }
            try await storage.delete(childPrefix + child)
        }
        // The entry, its accessor, its parent link, its lease and its cubbyhole go in one commit.
        var writes: [StorageWrite] = []
        let observer = currentObserver
        let entry = try await storage.getJSON(Self.idPrefix + hash).flatMap { try? TokenEntry(json: $0) }
        if let entry {
            writes += try await observer?.tokenRevoking(entry) ?? []
            writes.append(.delete(Self.accessorPrefix + (try accessorKey(entry.accessor))))
            if !entry.parentHash.isEmpty { writes.append(.delete("\(Self.parentPrefix)\(entry.parentHash)/\(hash)")) }
        }
        writes.append(.delete(Self.idPrefix + hash))
        try await storage.apply(writes)
        decoded.remove(hash)
        if let entry { observer?.tokenRevoked(entry) }
        return entry != nil
    }

    /// Makes `child` an orphan and removes `link`, its entry under its parent (held: the child's lock).
    private func dropParent(child: String, link: String) async throws {
        var writes: [StorageWrite] = [.delete(link)]
        if let doc = try await storage.getJSON(Self.idPrefix + child), var entry = try? TokenEntry(json: doc) {
            entry.parentHash = ""
            writes.append(.put(StorageEntry(key: Self.idPrefix + child, value: JSONWriter.encode(entry.json))))
        }
        try await storage.apply(writes)
        decoded.remove(child)
    }

    /// Extends a renewable token's life by `increment` (or its TTL), never past its explicit max
    /// TTL or `maxTTL`. Periodic tokens renew by their period. The entry is re-read and written
    /// under the token's lock, so a renewal racing a revocation cannot bring the token back.
    package func renew(hash: String, increment: Int64, maxTTL: Int64) async throws -> TokenEntry {
        let notFound = LogicalError.invalidRequest("token not found")
        let renewed: TokenEntry? = try await revokeLocks.withLock(hash) { [self] in
            guard var entry = try await rawEntry(hash: hash), entry.numUses >= 0 else { throw notFound }
            if entry.isExpired(at: now) { return nil }
            guard entry.renewable else { throw LogicalError.invalidRequest("token is not renewable") }
            var ttl = entry.period > 0 ? entry.period : (increment > 0 ? increment : entry.ttl)
            if maxTTL > 0 { ttl = min(ttl, maxTTL) }
            var expire = TokenDurations.adding(now, ttl)
            if entry.explicitMaxTTL > 0 { expire = min(expire, TokenDurations.adding(entry.creationTime, entry.explicitMaxTTL)) }
            if entry.maxTTL > 0 && entry.period == 0 { expire = min(expire, TokenDurations.adding(entry.creationTime, entry.maxTTL)) }
            entry.expireTime = expire
            try await storage.putJSON(Self.idPrefix + entry.idHash, entry.json)
            try await currentObserver?.tokenRenewed(entry)
            return entry
        }
        guard let renewed else {
            // Expired meanwhile: revoked here, outside the lock that revocation takes.
            try await revoke(hash: hash)
            throw notFound
        }
        return renewed
    }

    /// Every live token's accessor.
    package func accessors() async throws -> [String] {
        var out: [String] = []
        for key in try await storage.list(prefix: Self.accessorPrefix) where !key.hasSuffix("/") {
            if let doc = try await storage.getJSON(Self.accessorPrefix + key), let accessor = doc["accessor"]?.stringValue {
                out.append(accessor)
            }
        }
        return out.sorted()
    }

    /// What `tidy` cleaned up.
    package struct TidyReport: Sendable, Equatable {
        package var expiredRevoked = 0
        package var danglingAccessors = 0
        package var danglingChildIndexes = 0
    }

    /// Revokes expired tokens and removes index entries that point at tokens which no longer exist
    /// (left behind by a crash between writes).
    package func tidy() async throws -> TidyReport {
        var report = TidyReport()
        for key in try await storage.list(prefix: Self.idPrefix) where !key.hasSuffix("/") {
            guard let doc = try await storage.getJSON(Self.idPrefix + key), let entry = try? TokenEntry(json: doc) else { continue }
            if entry.isExpired(at: now) || entry.numUses < 0 {
                try await revoke(hash: key)
                report.expiredRevoked += 1
            }
        }
        for key in try await storage.list(prefix: Self.accessorPrefix) where !key.hasSuffix("/") {
            guard let doc = try await storage.getJSON(Self.accessorPrefix + key), let idHash = doc["id_hash"]?.stringValue else { continue }
            if try await storage.get(Self.idPrefix + idHash) == nil {
                try await storage.delete(Self.accessorPrefix + key)
                report.danglingAccessors += 1
            }
        }
        for parent in try await storage.list(prefix: Self.parentPrefix) where parent.hasSuffix("/") {
            let parentHash = String(parent.dropLast())
            let parentExists = try await storage.get(Self.idPrefix + parentHash) != nil
            for child in try await storage.list(prefix: Self.parentPrefix + parent) {
                let childExists = try await storage.get(Self.idPrefix + child) != nil
                if !parentExists || !childExists {
                    if !parentExists, childExists {
                        // The parent is gone without its children: they become orphans rather than linger.
                        let link = Self.parentPrefix + parent + child
                        try await revokeLocks.withLock(child) { [self] in try await dropParent(child: child, link: link) }
                    } else {
                        try await storage.delete(Self.parentPrefix + parent + child)
                    }
                    report.danglingChildIndexes += 1
                }
            }
        }
        return report
    }

    /// What lookup endpoints show for `entry` (`id` only when the caller knows it).
    package func lookupData(_ entry: TokenEntry, id: String?) -> [String: JSONValue] {
        let remaining = entry.expireTime > 0 ? max(0, entry.expireTime - now) : 0
        var data: [String: JSONValue] = [
            "accessor": .string(entry.accessor), "creation_time": .number(JSONNumber(entry.creationTime)),
            "creation_ttl": .number(JSONNumber(entry.ttl)), "display_name": .string(entry.displayName),
            "entity_id": .string(entry.entityID), "expire_time": entry.expireTime > 0
                ? .string(Date(timeIntervalSince1970: Double(entry.expireTime)).rfc3339Nano) : .null,
            "explicit_max_ttl": .number(JSONNumber(entry.explicitMaxTTL)), "id": id.map(JSONValue.string) ?? "",
            "issue_time": .string(Date(timeIntervalSince1970: Double(entry.creationTime)).rfc3339Nano),
            "meta": entry.meta.isEmpty ? .null : .object(entry.meta.mapValues(JSONValue.string)),
            "num_uses": .int(entry.numUses), "orphan": .bool(entry.isOrphan), "path": .string(entry.path),
            "policies": .strings(entry.policies), "renewable": .bool(entry.renewable),
            "ttl": .number(JSONNumber(remaining)), "type": .string(entry.type),
        ]
        // Only periodic tokens show a period, as in OpenBao.
        if entry.period > 0 { data["period"] = .number(JSONNumber(entry.period)) }
        return data
    }
}
