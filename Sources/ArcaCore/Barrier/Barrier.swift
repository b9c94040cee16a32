import ArcaCrypto
import ArcaSDK
import ArcaStorage
import FoundationEssentials
import Synchronization

/// The security barrier: every value above it is encrypted with the keyring's active term,
/// AES-256-GCM with the storage path as associated data, before it reaches the physical backend.
///
/// State is an immutable snapshot behind a `Mutex`, so encrypt and decrypt never hop actors.
package final class Barrier: Storage {
    /// Physical key of the keyring, encrypted under the root key.
    package static let keyringPath = "core/keyring"

    private enum State {
        case sealed
        case unsealed(rootKey: SecretBytes, keyring: Keyring, encryptions: Int)
    }

    private let physical: any PhysicalBackend
    private let entropy: any EntropySource
    private let clock: any WallClock
    private let state = Mutex<State>(.sealed)
    private let cache = BarrierReadCache()

    package init(physical: any PhysicalBackend, entropy: any EntropySource, clock: any WallClock) {
        self.physical = physical
        self.entropy = entropy
        self.clock = clock
    }

    /// Asks the physical backend to give back the caches it can rebuild (after a burst of work).
    package func releaseMemory() async {
        await (physical as? any MemoryReleasingBackend)?.releaseMemory()
    }

    /// Empties the plaintext read cache (values zeroed); reads go to the store until it fills again.
    package func dropCaches() { cache.clear() }

    /// Values and absent keys in the read cache.
    package var cachedEntryCount: Int { cache.count }

    package var isSealed: Bool {
        state.withLock { if case .sealed = $0 { true } else { false } }
    }

    /// Writes a fresh keyring encrypted under `rootKey`. Leaves the barrier sealed.
    package func initialize(rootKey: SecretBytes) async throws {
        let keyring = Keyring.fresh(entropy: entropy, now: clock.now())
        defer { keyring.zeroize() }
        try await persist(keyring, rootKey: rootKey)
    }

    /// Opens the keyring with `rootKey` and starts serving storage.
    package func unseal(rootKey: SecretBytes) async throws {
        guard let blob = try await physical.get(Self.keyringPath) else { throw BarrierError.notInitialized }
        let plain: [UInt8]
        do {
            plain = try CellCipher.open(blob.value, associatedData: Array(Self.keyringPath.utf8)) { term in
                term == 0 ? rootKey : nil
            }
        } catch {
            throw BarrierError.invalidRootKey
        }
        let keyring = try Keyring.deserialize(plain)
        let ownedRoot = rootKey.copy()
        cache.clear()
        state.withLock { current in
            if case .unsealed(let oldRoot, let oldRing, _) = current {
                oldRoot.zeroize()
                oldRing.zeroize()
            }
            current = .unsealed(rootKey: ownedRoot, keyring: keyring, encryptions: 0)
        }
    }

    /// Forgets and zeroes every key in memory.
    package func seal() {
        cache.clear()
        state.withLock { current in
            if case .unsealed(let root, let ring, _) = current {
                root.zeroize()
                ring.zeroize()
            }
            current = .sealed
        }
    }

    /// Installs a new active term; older terms keep decrypting.
    package func rotate() async throws -> UInt32 {
        let (root, ring) = try unsealedState()
        let next = ring.rotated(entropy: entropy, now: clock.now())
        try await persist(next, rootKey: root)
        state.withLock { current in
            if case .unsealed(let r, _, _) = current { current = .unsealed(rootKey: r, keyring: next, encryptions: 0) }
        }
        return next.activeTerm
    }

    /// The active term, its install time and how many values it has encrypted since unseal.
    package func keyStatus() throws -> (term: UInt32, installTime: Date, encryptions: Int) {
        try state.withLock { current in
            guard case .unsealed(_, let ring, let count) = current else { throw BarrierError.sealed }
            return (ring.activeTerm, ring.active.installTime, count)
        }
    }

    /// A copy of the root key, for re-wrapping it under a new seal key during rekey.
    package func rootKeyCopy() throws -> SecretBytes {
        try unsealedState().root.copy()
    }

    private func unsealedState() throws -> (root: SecretBytes, ring: Keyring) {
        try state.withLock { current in
            guard case .unsealed(let root, let ring, _) = current else { throw BarrierError.sealed }
            return (root, ring)
        }
    }

    private func persist(_ keyring: Keyring, rootKey: SecretBytes) async throws {
        let blob = CellCipher.seal(
            plaintext: keyring.serialized(), key: rootKey, term: 0,
            associatedData: Array(Self.keyringPath.utf8), entropy: entropy)
        try await physical.put(PhysicalEntry(key: Self.keyringPath, value: blob))
    }

    // MARK: Storage

    package func get(_ key: String) async throws -> StorageEntry? {
        let ring = try unsealedState().ring
        let cached = cache.lookup(key)
        if let value = cached.value { return StorageEntry(key: key, value: value) }
        if cached.isAbsent { return nil }
        guard let entry = try await physical.get(key) else {
            if !isSealed { cache.insert(key, nil, generation: cached.generation) }
            return nil
        }
        let plain: [UInt8]
        do {
            plain = try CellCipher.open(entry.value, associatedData: Array(key.utf8)) { ring.terms[$0]?.key }
        } catch {
            throw BarrierError.tamperedValue(key: key)
        }
        // A seal while the read was in flight: do not repopulate the cache it just emptied.
        if !isSealed { cache.insert(key, plain, generation: cached.generation) }
        return StorageEntry(key: key, value: plain)
    }

    package func put(_ entry: StorageEntry) async throws {
        let cell = try encrypt(entry)
        let ticket = cache.beginWrite(CollectionOfOne(entry.key))
        do {
            try await physical.put(cell)
        } catch {
            cache.finishWrite([(entry.key, nil)], ticket: ticket, succeeded: false)
            throw error
        }
        cache.finishWrite([(entry.key, entry.value)], ticket: ticket, succeeded: true)
    }

    /// All of `writes` in one transaction when the physical backend has transactions.
    package func apply(_ writes: [StorageWrite]) async throws {
        guard writes.count > 1, let tx = physical as? any TransactionalBackend else {
            return try await applyInOrder(writes)
        }
        _ = try unsealedState()
        let operations: [PhysicalOperation] = try writes.map { w in
            switch w {
            case .put(let e): .put(try encrypt(e))
            case .delete(let k): .delete(k)
            }
        }
        let written: [(key: String, value: [UInt8]?)] = writes.map { w in
            switch w {
            case .put(let e): (e.key, e.value)
            case .delete(let k): (k, nil)
            }
        }
        let ticket = cache.beginWrite(writes.lazy.map(\.key))
        do {
            try await tx.apply(operations)
        } catch {
            cache.finishWrite(written, ticket: ticket, succeeded: false)
            throw error
        }
        cache.finishWrite(written, ticket: ticket, succeeded: true)
    }

    /// Encrypts `entry` for the physical layer with the active term.
    package func encrypt(_ entry: StorageEntry) throws -> PhysicalEntry {
        let term = try state.withLock { current -> KeyringTerm in
            guard case .unsealed(let r, let ring, let count) = current else { throw BarrierError.sealed }
            current = .unsealed(rootKey: r, keyring: ring, encryptions: count + 1)
            return ring.active
        }
        let blob = CellCipher.seal(
            plaintext: entry.value, key: term.key, term: term.term, associatedData: Array(entry.key.utf8),
            entropy: entropy)
        return PhysicalEntry(key: entry.key, value: blob)
    }

    /// Decrypts a cell made by `encrypt` for `key`, in memory (batch tokens travel this way).
    package func decrypt(_ blob: [UInt8], key: String) throws -> [UInt8] {
        let ring = try unsealedState().ring
        do {
            return try CellCipher.open(blob, associatedData: Array(key.utf8)) { ring.terms[$0]?.key }
        } catch {
            throw BarrierError.tamperedValue(key: key)
        }
    }

    package func delete(_ key: String) async throws {
        _ = try unsealedState()
        let ticket = cache.beginWrite(CollectionOfOne(key))
        do {
            try await physical.delete(key)
        } catch {
            cache.finishWrite([(key, nil)], ticket: ticket, succeeded: false)
            throw error
        }
        cache.finishWrite([(key, nil)], ticket: ticket, succeeded: true)
    }

    package func list(prefix: String) async throws -> [String] {
        _ = try unsealedState()
        return try await physical.list(prefix: prefix)
    }

    package func list(prefix: String, after: String, limit: Int) async throws -> [String] {
        _ = try unsealedState()
        return try await physical.listPage(prefix: prefix, after: after, limit: limit)
    }
}
