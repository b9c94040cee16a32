import ArcaCrypto
import ArcaSDK
import ArcaStorage
import FoundationEssentials
import Synchronization

/// The security barrier: every value above it is encrypted with the keyring's active term,
/// AES-256-GCM with the storage path as associated data, before it reaches the physical backend.
///
/// The keys are an immutable snapshot behind a `Mutex` (``BarrierGate``), so encrypt and decrypt
/// never hop actors; every operation holds the gate while it uses them, so a seal zeroes the keys
/// only once the operations in flight have finished.
package final class Barrier: Storage {
    /// Physical key of the keyring, encrypted under the root key.
    package static let keyringPath = "core/keyring"
    /// Where a rekey stages the keyring under the new root key on a backend without transactions,
    /// until the new root key's wrapping is stored (see ``changeRootKey(to:alongside:)``).
    package static let pendingKeyringPath = "core/keyring-pending"

    private let physical: any PhysicalBackend
    private let entropy: any EntropySource
    private let clock: any WallClock
    private let cache: BarrierReadCache
    private let gate: BarrierGate
    /// Serialises the changes of the stored keyring (rotate, rekey): each reads the keys in memory,
    /// writes the keyring and installs it, with no other change in between.
    private let keyringLock = AsyncLock()

    package init(physical: any PhysicalBackend, entropy: any EntropySource, clock: any WallClock) {
        self.physical = physical
        self.entropy = entropy
        self.clock = clock
        let cache = BarrierReadCache()
        self.cache = cache
        self.gate = BarrierGate(onSealed: { cache.clear() })
    }

    /// Asks the physical backend to give back the caches it can rebuild (after a burst of work).
    package func releaseMemory() async {
        await (physical as? any MemoryReleasingBackend)?.releaseMemory()
    }

    /// Empties the plaintext read cache (values zeroed); reads go to the store until it fills again.
    package func dropCaches() { cache.clear() }

    /// Values and absent keys in the read cache.
    package var cachedEntryCount: Int { cache.count }

    /// True once a seal has begun: no new storage operation is let in.
    package var isSealed: Bool { gate.isClosed }

    /// Writes a fresh keyring encrypted under `rootKey`. Leaves the barrier sealed.
    package func initialize(rootKey: SecretBytes) async throws {
        let keyring = Keyring.fresh(entropy: entropy, now: clock.now())
        defer { keyring.zeroize() }
        try await physical.put(PhysicalEntry(key: Self.keyringPath, value: Self.sealKeyring(keyring, rootKey: rootKey, entropy: entropy)))
    }

    /// Opens the keyring with `rootKey` and starts serving storage.
    ///
    /// A rekey interrupted on a backend without transactions may have left the keyring under the
    /// new root key at ``pendingKeyringPath`` only; a root key that opens that one finishes the move.
    package func unseal(rootKey: SecretBytes) async throws {
        guard let blob = try await physical.get(Self.keyringPath) else { throw BarrierError.notInitialized }
        let keyring: Keyring
        if let opened = try Self.openKeyring(blob.value, rootKey: rootKey) {
            keyring = opened
            // A staged keyring next to one that opens is left over from an interrupted rekey.
            if try await physical.get(Self.pendingKeyringPath) != nil { try await physical.delete(Self.pendingKeyringPath) }
        } else if let pending = try await physical.get(Self.pendingKeyringPath),
            let opened = try Self.openKeyring(pending.value, rootKey: rootKey)
        {
            try await physical.put(PhysicalEntry(key: Self.keyringPath, value: pending.value))
            try await physical.delete(Self.pendingKeyringPath)
            keyring = opened
        } else {
            throw BarrierError.invalidRootKey
        }
        cache.clear()
        await gate.open(BarrierKeys(rootKey: rootKey.copy(), keyring: keyring))
    }

    /// Refuses new storage operations at once and zeroes every key in memory as soon as the
    /// operations already inside have finished (see ``sealAndDrain()`` to wait for that).
    package func seal() {
        cache.clear()
        gate.close()
    }

    /// Seals and returns once no operation is in flight and every key is zeroed: a write that
    /// began before the seal has then either landed (under a valid key) or failed.
    package func sealAndDrain() async {
        cache.clear()
        await gate.closeAndDrain()
    }

    /// Installs a new active term; older terms keep decrypting. Concurrent rotations run one at a
    /// time, so the stored keyring is always the one in memory.
    package func rotate() async throws -> UInt32 {
        try await keyringLock.withLock { [self] in
            try await inside { keys in
                let next = keys.keyring.rotated(entropy: entropy, now: clock.now())
                let blob = Self.sealKeyring(next, rootKey: keys.rootKey, entropy: entropy)
                try await physical.put(PhysicalEntry(key: Self.keyringPath, value: blob))
                _ = gate.replaceKeys(BarrierKeys(rootKey: keys.rootKey, keyring: next))
                return next.activeTerm
            }
        }
    }

    /// Re-encrypts the keyring under a new root key and installs it; the old root key is zeroed.
    ///
    /// `alongside` (the new root key's wrapping and the seal config) lands with the keyring: in
    /// one transaction when the backend has them. Otherwise the keyring is staged at
    /// ``pendingKeyringPath`` first, then `alongside` is written, then the keyring is moved into
    /// place: a crash before `alongside` leaves the old root key working, and one after it leaves
    /// the new root key working (``unseal(rootKey:)`` finishes the move).
    package func changeRootKey(to newRoot: SecretBytes, alongside: [PhysicalOperation]) async throws {
        let owned = newRoot.copy()
        try await keyringLock.withLock { [self] in
            try await inside { keys in
                let blob = Self.sealKeyring(keys.keyring, rootKey: owned, entropy: entropy)
                let keyring = PhysicalEntry(key: Self.keyringPath, value: blob)
                let install = {
                    if self.gate.replaceKeys(BarrierKeys(rootKey: owned, keyring: keys.keyring)) { keys.rootKey.zeroize() }
                }
                if let tx = physical as? any TransactionalBackend {
                    try await tx.apply([.put(keyring)] + alongside)
                    install()
                    return
                }
                try await physical.put(PhysicalEntry(key: Self.pendingKeyringPath, value: blob))
                for op in alongside {
                    switch op {
                    case .put(let e): try await physical.put(e)
                    case .delete(let k): try await physical.delete(k)
                    }
                }
                // The stored root key is the new one from here on: so is the one in memory, even if
                // moving the keyring fails (the next unseal finishes the move).
                install()
                try await physical.put(keyring)
                try await physical.delete(Self.pendingKeyringPath)
            }
        }
    }

    /// The active term, its install time and how many values it has encrypted since unseal.
    package func keyStatus() throws -> (term: UInt32, installTime: Date, encryptions: Int) {
        let (keys, count) = try gate.status()
        return (keys.keyring.activeTerm, keys.keyring.active.installTime, count)
    }

    /// Runs `body` inside the gate: a seal waits for it to finish before zeroing the keys.
    private func inside<T>(countingEncryption: Bool = false, _ body: (BarrierKeys) async throws -> T) async throws -> T {
        let keys = try gate.enter(countingEncryption: countingEncryption)
        defer { gate.leave() }
        return try await body(keys)
    }

    /// The keyring encrypted under `rootKey` (term 0, the keyring's path as associated data); the
    /// plaintext is zeroed.
    static func sealKeyring(_ keyring: Keyring, rootKey: SecretBytes, entropy: any EntropySource) -> [UInt8] {
        var plain = keyring.serialized()
        defer { SecureZero.zero(&plain) }
        return CellCipher.seal(
            plaintext: plain, key: rootKey, term: 0, associatedData: Array(keyringPath.utf8), entropy: entropy)
    }

    /// The keyring in `blob`, or nil when `rootKey` does not open it; the plaintext is zeroed.
    static func openKeyring(_ blob: [UInt8], rootKey: SecretBytes) throws -> Keyring? {
        guard var plain = try? CellCipher.open(blob, associatedData: Array(keyringPath.utf8), keyForTerm: { term in
            term == 0 ? rootKey : nil
        }) else { return nil }
        defer { SecureZero.zero(&plain) }
        return try Keyring.deserialize(plain)
    }

    // MARK: Storage

    package func get(_ key: String) async throws -> StorageEntry? {
        try await inside { keys in
            let cached = cache.lookup(key)
            if let value = cached.value { return StorageEntry(key: key, value: value) }
            if cached.isAbsent { return nil }
            // A seal that begins meanwhile empties the cache again once this read has left.
            guard let entry = try await physical.get(key) else {
                cache.insert(key, nil, generation: cached.generation)
                return nil
            }
            let plain: [UInt8]
            do {
                plain = try CellCipher.open(entry.value, associatedData: Array(key.utf8)) { keys.keyring.terms[$0]?.key }
            } catch {
                throw BarrierError.tamperedValue(key: key)
            }
            cache.insert(key, plain, generation: cached.generation)
            return StorageEntry(key: key, value: plain)
        }
    }

    package func put(_ entry: StorageEntry) async throws {
        try await inside(countingEncryption: true) { keys in
            let cell = Self.encrypt(entry, with: keys.keyring.active, entropy: entropy)
            let ticket = cache.beginWrite(CollectionOfOne(entry.key))
            do {
                try await physical.put(cell)
            } catch {
                cache.finishWrite([(entry.key, nil)], ticket: ticket, succeeded: false)
                throw error
            }
            cache.finishWrite([(entry.key, entry.value)], ticket: ticket, succeeded: true)
        }
    }

    /// All of `writes` in one transaction when the physical backend has transactions.
    package func apply(_ writes: [StorageWrite]) async throws {
        guard writes.count > 1, let tx = physical as? any TransactionalBackend else {
            return try await applyInOrder(writes)
        }
        try await inside { keys in
            let operations: [PhysicalOperation] = writes.map { w in
                switch w {
                case .put(let e): .put(Self.encrypt(e, with: keys.keyring.active, entropy: entropy))
                case .delete(let k): .delete(k)
                }
            }
            gate.countEncryptions(writes.lazy.filter { if case .put = $0 { true } else { false } }.count)
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
    }

    /// Encrypts `entry` for the physical layer with the active term (batch tokens travel this way).
    package func encrypt(_ entry: StorageEntry) throws -> PhysicalEntry {
        let keys = try gate.enter(countingEncryption: true)
        defer { gate.leave() }
        return Self.encrypt(entry, with: keys.keyring.active, entropy: entropy)
    }

    private static func encrypt(_ entry: StorageEntry, with term: KeyringTerm, entropy: any EntropySource) -> PhysicalEntry {
        let blob = CellCipher.seal(
            plaintext: entry.value, key: term.key, term: term.term, associatedData: Array(entry.key.utf8),
            entropy: entropy)
        return PhysicalEntry(key: entry.key, value: blob)
    }

    /// Decrypts a cell made by `encrypt` for `key`, in memory (batch tokens travel this way).
    package func decrypt(_ blob: [UInt8], key: String) throws -> [UInt8] {
        let keys = try gate.enter()
        defer { gate.leave() }
        do {
            return try CellCipher.open(blob, associatedData: Array(key.utf8)) { keys.keyring.terms[$0]?.key }
        } catch {
            throw BarrierError.tamperedValue(key: key)
        }
    }

    package func delete(_ key: String) async throws {
        try await inside { _ in
            let ticket = cache.beginWrite(CollectionOfOne(key))
            do {
                try await physical.delete(key)
            } catch {
                cache.finishWrite([(key, nil)], ticket: ticket, succeeded: false)
                throw error
            }
            cache.finishWrite([(key, nil)], ticket: ticket, succeeded: true)
        }
    }

    package func list(prefix: String) async throws -> [String] {
        try await inside { _ in try await physical.list(prefix: prefix) }
    }

    package func list(prefix: String, after: String, limit: Int) async throws -> [String] {
        try await inside { _ in try await physical.listPage(prefix: prefix, after: after, limit: limit) }
    }
}
