import ArcaSDK
import ArcaWire
import Synchronization

/// The mount's HMAC key for secret ids, role ids and accessors: 32 random bytes made on first
/// use and kept in the mount's storage at `salt`. Concurrent first uses share one load, so two
/// requests can never each make (and store) a different key. Once loaded, the key is handed out
/// prepared for HMAC (`AuthCrypto.HMACSHA256.Key`) without a suspension: a login hashes its role
/// id, secret id and accessor.
final class SaltCache: Sendable {
    static let key = "salt"

    private enum State {
        case empty
        case loading(Task<AuthCrypto.HMACSHA256.Key, any Error>)
        case loaded(AuthCrypto.HMACSHA256.Key)
    }

    private let state = Mutex(State.empty)

    func salt(in storage: any Storage) async throws -> AuthCrypto.HMACSHA256.Key {
        let loading: Task<AuthCrypto.HMACSHA256.Key, any Error>
        switch state.withLock({ state -> State in
            if case .empty = state { state = .loading(Task { try await Self.loadOrCreate(storage) }) }
            return state
        }) {
        case .loaded(let key): return key
        case .loading(let task): loading = task
        case .empty: preconditionFailure("a load was just started")
        }
        do {
            let key = try await loading.value
            state.withLock { if case .loading(let task) = $0, task == loading { $0 = .loaded(key) } }
            return key
        } catch {
            state.withLock { if case .loading(let task) = $0, task == loading { $0 = .empty } }
            throw error
        }
    }

    /// Wipes the loaded key from memory (the mount is sealed or unmounted); the next use loads
    /// it from storage again.
    func forget() {
        state.withLock { state in
            if case .loaded(let key) = state { key.zeroize() }
            state = .empty
        }
    }

    private static func loadOrCreate(_ storage: any Storage) async throws -> AuthCrypto.HMACSHA256.Key {
        if let doc = try await storage.getJSON(key), let text = doc["key"]?.stringValue, let bytes = AuthCrypto.Hex.decode(text),
            bytes.count == 32
        {
            return AuthCrypto.HMACSHA256.Key(bytes)
        }
        let bytes = AuthCrypto.SecureRandom.bytes(32)
        try await storage.putJSON(key, ["key": .string(AuthCrypto.Hex.encode(bytes))])
        return AuthCrypto.HMACSHA256.Key(bytes)
    }
}
