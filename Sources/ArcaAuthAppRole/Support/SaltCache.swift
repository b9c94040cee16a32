import ArcaSDK
import ArcaWire

/// The mount's HMAC key for secret ids, role ids and accessors: 32 random bytes made on first
/// use and kept in the mount's storage at `salt`. Concurrent first uses share one load, so two
/// requests can never each make (and store) a different key.
actor SaltCache {
    static let key = "salt"
    private var loading: Task<[UInt8], any Error>?

    func salt(in storage: any Storage) async throws -> [UInt8] {
        if let loading { return try await loading.value }
        let task = Task { try await Self.loadOrCreate(storage) }
        loading = task
        do {
            return try await task.value
        } catch {
            loading = nil
            throw error
        }
    }

    private static func loadOrCreate(_ storage: any Storage) async throws -> [UInt8] {
        if let doc = try await storage.getJSON(key), let text = doc["key"]?.stringValue, let bytes = AuthCrypto.Hex.decode(text),
            bytes.count == 32
        {
            return bytes
        }
        let bytes = AuthCrypto.SecureRandom.bytes(32)
        try await storage.putJSON(key, ["key": .string(AuthCrypto.Hex.encode(bytes))])
        return bytes
    }
}
