import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Synchronization

/// Issues and resolves tokens. Token ids never reach storage: entries are keyed by
/// HMAC-SHA256(salt, id), with the salt itself stored inside the barrier.
package final class TokenStore: Sendable {
    static let saltPath = "sys/token/salt"
    static let idPrefix = "sys/token/id/"
    static let accessorPrefix = "sys/token/accessor/"
    /// Service-token prefix, as OpenBao prints them.
    static let servicePrefix = "s."
    /// 33 base62 characters: about 196 bits of randomness.
    static let randomLength = 33

    private let storage: any Storage
    private let entropy: any EntropySource
    private let clock: any WallClock
    private let salt = Mutex<SecretBytes?>(nil)

    package init(storage: any Storage, entropy: any EntropySource, clock: any WallClock) {
        self.storage = storage
        self.entropy = entropy
        self.clock = clock
    }

    /// Loads (or creates, on first unseal) the hashing salt.
    package func load() async throws {
        let value: [UInt8]
        if let entry = try await storage.get(Self.saltPath) {
            value = entry.value
        } else {
            value = entropy.bytes(32)
            try await storage.put(StorageEntry(key: Self.saltPath, value: value))
        }
        let secret = SecretBytes(value)
        salt.withLock { old in
            old?.zeroize()
            old = secret
        }
    }

    /// Drops the salt from memory (on seal).
    package func unload() {
        salt.withLock { old in
            old?.zeroize()
            old = nil
        }
    }

    private func hash(_ id: String) throws -> String {
        guard let key = salt.withLock({ $0 }) else { throw BarrierError.sealed }
        return Hex.encode(HMACSHA256.authenticationCode(key: key, message: Array(id.utf8)))
    }

    /// A new random token id with the service prefix.
    package func generateID() -> String { Self.servicePrefix + Base62.random(Self.randomLength, entropy: entropy) }

    /// Creates a root token, with `id` when given (dev mode's `-dev-root-token-id`).
    package func createRoot(id requested: String? = nil) async throws -> String {
        let id = requested ?? generateID()
        let entry = TokenEntry(
            accessor: Base62.random(24, entropy: entropy), policies: ["root"], path: "auth/token/root",
            displayName: "root", creationTime: Int64(clock.now().timeIntervalSince1970))
        try await store(entry, id: id)
        return id
    }

    private func store(_ entry: TokenEntry, id: String) async throws {
        let idHash = try hash(id)
        try await storage.putJSON(Self.idPrefix + idHash, entry.json)
        try await storage.putJSON(Self.accessorPrefix + (try hash(entry.accessor)), ["id_hash": .string(idHash)])
    }

    /// Resolves a token id to its entry; `nil` for unknown or expired tokens.
    package func lookup(_ id: String) async throws -> TokenEntry? {
        guard !id.isEmpty, id.utf8.count <= 512 else { return nil }
        guard let doc = try await storage.getJSON(Self.idPrefix + (try hash(id))) else { return nil }
        let entry = try TokenEntry(json: doc)
        if entry.isExpired(at: Int64(clock.now().timeIntervalSince1970)) { return nil }
        return entry
    }
}
