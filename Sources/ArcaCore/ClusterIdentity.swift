import ArcaCrypto
import ArcaSDK
import ArcaWire
import Synchronization

/// The cluster's name and id, made once on first unseal and kept in the barrier.
package final class ClusterIdentity: Sendable {
    static let path = "core/cluster/local/info"

    package struct Value: Sendable, Equatable {
        package var name: String
        package var id: String
    }

    private let configuredName: String?
    private let entropy: any EntropySource
    private let current = Mutex<Value?>(nil)

    package init(configuredName: String?, entropy: any EntropySource) {
        self.configuredName = configuredName
        self.entropy = entropy
    }

    /// The identity while unsealed, else `nil`.
    package var value: Value? { current.withLock { $0 } }

    package func load(from storage: any Storage) async throws {
        var loaded: Value
        if let doc = try await storage.getJSON(Self.path), let name = doc["name"]?.stringValue,
            let id = doc["id"]?.stringValue
        {
            loaded = Value(name: name, id: id)
        } else {
            let suffix = Hex.encode(entropy.bytes(4))
            loaded = Value(name: "arca-cluster-\(suffix)", id: UUIDString.random(entropy))
            try await storage.putJSON(Self.path, ["name": .string(loaded.name), "id": .string(loaded.id)])
        }
        if let configuredName, !configuredName.isEmpty { loaded.name = configuredName }
        current.withLock { $0 = loaded }
    }

    package func unload() { current.withLock { $0 = nil } }
}
